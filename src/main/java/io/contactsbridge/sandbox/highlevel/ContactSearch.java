package io.contactsbridge.sandbox.highlevel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /contacts/search} (search-contacts-advanced). The spec leaves the body open
 * (SearchBodyV2DTO has no properties); this follows HighLevel's documented search body:
 * <pre>
 * {"locationId": "...", "pageLimit": 20, "page": 1 | "searchAfter": [..],
 *  "query": "free text",
 *  "filters": [{"field": "email", "operator": "eq", "value": "a@b.c"},
 *              {"field": "dateUpdated", "operator": "range", "value": {"gte": "2024-01-01T00:00:00Z"}},
 *              {"group": "OR", "filters": [...]}],
 *  "sort": [{"field": "dateUpdated", "direction": "asc"}]}
 * </pre>
 * Operators: eq, not_eq, contains, not_contains, exists, not_exists, range (gt/gte/lt/lte; dates as ISO
 * strings or epoch millis). On array fields (tags, followers) eq means "contains this element". Default
 * sort: dateAdded descending. Each returned contact carries {@code searchAfter} ([sort values..., id]) to
 * pass back for the next page. Answer: {@code {"contacts": [...], "total": n}}.
 * Limits: pageLimit 1..500 (default 20); page * pageLimit at most 10,000 (deeper pages need searchAfter).
 */
final class ContactSearch {
    static final Set<String> FIELDS = Set.of("locationId", "pageLimit", "page", "searchAfter", "filters", "sort", "query");
    static final int MAX_PAGE_LIMIT = 500;
    static final int MAX_WINDOW = 10_000;
    private static final Set<String> DATE_FIELDS = Set.of("dateAdded", "dateUpdated", "dateOfBirth", "lastActivity");
    private static final Set<String> OPERATORS = Set.of("eq", "not_eq", "contains", "not_contains", "exists", "not_exists", "range");

    private ContactSearch() {
    }

    /** Checks the body (422 with every problem). */
    static void check(Map<String, Object> body) {
        Checks c = new Checks(body).onlyFields(FIELDS).required("locationId").string("locationId", false)
                .string("query", true);
        Object pageLimit = body.get("pageLimit");
        if (pageLimit != null && (!(pageLimit instanceof Integer n) || n < 1 || n > MAX_PAGE_LIMIT)) {
            c.problem("pageLimit must be an integer between 1 and " + MAX_PAGE_LIMIT);
        }
        Object page = body.get("page");
        if (page != null && (!(page instanceof Integer n) || n < 1)) {
            c.problem("page must be a positive integer");
        }
        if (page instanceof Integer p && (pageLimit == null || pageLimit instanceof Integer)) {
            int limit = pageLimit == null ? 20 : (Integer) pageLimit;
            if ((long) p * limit > MAX_WINDOW) {
                c.problem("page * pageLimit must not exceed " + MAX_WINDOW + "; use searchAfter to go deeper");
            }
        }
        if (body.containsKey("searchAfter") && !(body.get("searchAfter") instanceof List)) {
            c.problem("searchAfter must be an array");
        }
        if (body.containsKey("filters")) {
            checkFilters(body.get("filters"), "filters", c);
        }
        if (body.containsKey("sort")) {
            if (!(body.get("sort") instanceof List<?> sorts)) {
                c.problem("sort must be an array");
            } else {
                for (Object o : sorts) {
                    if (!(o instanceof Map<?, ?> s) || !(s.get("field") instanceof String)
                            || !List.of("asc", "desc").contains(String.valueOf(s.get("direction")).toLowerCase(Locale.ROOT))) {
                        c.problem("each sort must be {\"field\": string, \"direction\": \"asc\"|\"desc\"}");
                    }
                }
            }
        }
        c.done();
    }

    private static void checkFilters(Object filters, String path, Checks c) {
        if (!(filters instanceof List<?> list)) {
            c.problem(path + " must be an array");
            return;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> f)) {
                c.problem("each value in " + path + " must be an object");
            } else if (f.containsKey("group")) {
                if (!List.of("AND", "OR").contains(String.valueOf(f.get("group")).toUpperCase(Locale.ROOT))) {
                    c.problem(path + ".group must be one of the following values: AND, OR");
                }
                checkFilters(f.get("filters"), path + ".filters", c);
            } else {
                if (!(f.get("field") instanceof String)) {
                    c.problem(path + ".field must be a string");
                }
                Object op = f.get("operator");
                if (!OPERATORS.contains(String.valueOf(op))) {
                    c.problem(path + ".operator must be one of the following values: " + String.join(", ", OPERATORS.stream().sorted().toList()));
                } else if (op.equals("range") && !(f.get("value") instanceof Map)) {
                    c.problem(path + ".value must be an object with gt/gte/lt/lte for the range operator");
                } else if (!op.equals("exists") && !op.equals("not_exists") && !f.containsKey("value")) {
                    c.problem(path + ".value should not be empty");
                }
            }
        }
    }

    /** Runs a checked search over the location's contacts. */
    static Map<String, Object> run(List<Map<String, Object>> contacts, Map<String, Object> body) {
        List<Map<String, Object>> hits = new ArrayList<>();
        String query = (String) body.get("query");
        for (Map<String, Object> c : contacts) {
            if (matchesQuery(c, query) && matchesAll(c, list(body.get("filters")), true)) {
                hits.add(c);
            }
        }
        List<Map<?, ?>> sorts = new ArrayList<>();
        for (Object o : list(body.get("sort"))) {
            sorts.add((Map<?, ?>) o);
        }
        if (sorts.isEmpty()) {
            sorts.add(Map.of("field", "dateAdded", "direction", "desc"));
        }
        Comparator<List<Object>> keyOrder = keyOrder(sorts);
        hits.sort((a, b) -> keyOrder.compare(key(a, sorts), key(b, sorts)));
        int limit = body.get("pageLimit") instanceof Integer n ? n : 20;
        int from = 0;
        if (body.get("searchAfter") instanceof List<?> after && !after.isEmpty()) {
            List<Object> afterKey = new ArrayList<>(after);
            from = hits.size();
            for (int i = 0; i < hits.size(); i++) {
                if (keyOrder.compare(key(hits.get(i), sorts), afterKey) > 0) {
                    from = i;
                    break;
                }
            }
        } else if (body.get("page") instanceof Integer page) {
            from = (page - 1) * limit;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < Math.min(hits.size(), from + limit); i++) {
            Map<String, Object> c = new LinkedHashMap<>(hits.get(i));
            c.put("searchAfter", key(hits.get(i), sorts));
            out.add(c);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("contacts", out);
        result.put("total", hits.size());
        return result;
    }

    static boolean matchesQuery(Map<String, Object> c, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        for (String f : List.of("name", "firstName", "lastName", "email", "phone", "companyName")) {
            Object v = c.get(f);
            if (v != null && v.toString().toLowerCase(Locale.ROOT).contains(q)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAll(Map<String, Object> c, List<Object> filters, boolean and) {
        if (filters.isEmpty()) {
            return true;
        }
        for (Object o : filters) {
            boolean m = matches(c, (Map<?, ?>) o);
            if (and && !m) {
                return false;
            }
            if (!and && m) {
                return true;
            }
        }
        return and;
    }

    private static boolean matches(Map<String, Object> c, Map<?, ?> f) {
        if (f.containsKey("group")) {
            return matchesAll(c, list(f.get("filters")), "AND".equalsIgnoreCase(String.valueOf(f.get("group"))));
        }
        String field = (String) f.get("field");
        Object actual = value(c, field);
        Object expected = f.get("value");
        return switch (String.valueOf(f.get("operator"))) {
            case "eq" -> eq(actual, expected);
            case "not_eq" -> !eq(actual, expected);
            case "contains" -> contains(actual, expected);
            case "not_contains" -> !contains(actual, expected);
            case "exists" -> present(actual);
            case "not_exists" -> !present(actual);
            case "range" -> inRange(actual, (Map<?, ?>) expected, DATE_FIELDS.contains(field));
            default -> false;
        };
    }

    /** A field by name or dotted path; {@code firstNameLowerCase} and friends are stored fields too. */
    private static Object value(Map<String, Object> c, String field) {
        Object v = c;
        for (String part : field.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(part);
        }
        return v;
    }

    private static boolean eq(Object actual, Object expected) {
        if (expected instanceof List<?> any) {
            return any.stream().anyMatch(e -> eq(actual, e));
        }
        if (actual instanceof List<?> l) {
            return l.stream().anyMatch(a -> same(a, expected));
        }
        return same(actual, expected);
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.toString().equalsIgnoreCase(b.toString());
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return false;
        }
        String e = expected.toString().toLowerCase(Locale.ROOT);
        if (actual instanceof List<?> l) {
            return l.stream().anyMatch(a -> a != null && a.toString().toLowerCase(Locale.ROOT).contains(e));
        }
        return actual.toString().toLowerCase(Locale.ROOT).contains(e);
    }

    private static boolean present(Object v) {
        return v != null && !(v instanceof String s && s.isEmpty()) && !(v instanceof List<?> l && l.isEmpty());
    }

    private static boolean inRange(Object actual, Map<?, ?> range, boolean date) {
        Double a = number(actual, date);
        if (a == null) {
            return false;
        }
        for (Map.Entry<?, ?> e : range.entrySet()) {
            Double bound = number(e.getValue(), date);
            if (bound == null) {
                return false;
            }
            boolean ok = switch (String.valueOf(e.getKey())) {
                case "gt" -> a > bound;
                case "gte" -> a >= bound;
                case "lt" -> a < bound;
                case "lte" -> a <= bound;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Double number(Object v, boolean date) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            if (date) {
                Long ms = SimValues.parseInstant(s);
                return ms == null ? null : ms.doubleValue();
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The sort key of a contact: its sort fields (dates as epoch millis, text lower-cased), then its id. */
    private static List<Object> key(Map<String, Object> c, List<Map<?, ?>> sorts) {
        List<Object> k = new ArrayList<>();
        for (Map<?, ?> s : sorts) {
            String field = String.valueOf(s.get("field"));
            Object v = value(c, field);
            if (DATE_FIELDS.contains(field)) {
                Long ms = v instanceof String str ? SimValues.parseInstant(str) : null;
                k.add(ms == null ? 0L : ms);
            } else {
                k.add(v == null ? "" : v instanceof Number ? v : v.toString().toLowerCase(Locale.ROOT));
            }
        }
        k.add(c.get("id"));
        return k;
    }

    private static Comparator<List<Object>> keyOrder(List<Map<?, ?>> sorts) {
        return (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                boolean desc = i < sorts.size() && "desc".equalsIgnoreCase(String.valueOf(sorts.get(i).get("direction")));
                int cmp = compare(a.get(i), b.get(i));
                if (cmp != 0) {
                    return desc ? -cmp : cmp;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
