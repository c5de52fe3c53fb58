package io.contactsbridge.sandbox.timetonic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.Paging;

/**
 * The operations of {@code api.php}, by {@code req}: the session chain (createAppkey,
 * createOauthkey, createSesskey; session keys are kit {@link Auth} grants that expire), books and
 * tables, column-major {@code getTableValues} with offset/maxRows, row create/update/delete and
 * batches of at most {@value #MAX_BATCH}. Every failure is {@code {"status":"nok","errorMsg",
 * "errorCode"}} with HTTP 200, as TimeTonic answers.
 */
final class TimeTonicApi {
    static final int MAX_BATCH = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A logical failure: answered nok with HTTP 200. */
    static final class Nok extends RuntimeException {
        final String code;

        Nok(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final TimeTonicBook book;
    private final Auth auth;
    private final Set<String> appKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, String> oauthKeys = new ConcurrentHashMap<>();
    private final Map<String, String[]> users = new ConcurrentHashMap<>();
    private volatile long sessionMillis = 3_600_000;
    private Clock clock;

    TimeTonicApi(TimeTonicBook book, Clock clock) {
        this.book = book;
        this.clock = clock;
        this.auth = new Auth(() -> this.clock.millis());
    }

    void clock(Clock clock) {
        this.clock = clock;
        book.clock(clock);
    }

    void registerAppKey(String appKey) {
        appKeys.add(appKey);
    }

    void registerUser(String login, String password, String ou) {
        users.put(login, new String[] {password, ou});
    }

    void sessionMillis(long millis) {
        this.sessionMillis = millis;
    }

    long sessionMillis() {
        return sessionMillis;
    }

    /** Every session key expires now (the next call with one is refused as invalid). */
    void expireSessions() {
        auth.expire(g -> "sesskey".equals(g.kind()));
    }

    /** Every oauth key is revoked (a new one needs login and password). */
    void revokeOauthKeys() {
        oauthKeys.clear();
    }

    Map<String, Object> handle(String req, Map<String, String> p) {
        Map<String, Object> answer = switch (req == null ? "" : req) {
            case "createAppkey" -> createAppkey(p);
            case "createOauthkey" -> createOauthkey(p);
            case "createSesskey" -> createSesskey(p);
            default -> {
                String ou = session(p);
                yield switch (req == null ? "" : req) {
                    case "getAllBooks" -> getAllBooks(ou);
                    case "getBookTables" -> getBookTables(p);
                    case "getTableValues" -> getTableValues(p);
                    case "createOrUpdateTableRow" -> createOrUpdateTableRow(p);
                    case "createOrUpdateTableRows" -> createOrUpdateTableRows(p);
                    case "deleteTableRows" -> deleteTableRows(p);
                    default -> throw new Nok("unknownRequest", "Unknown request '" + req + "'");
                };
            }
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.putAll(answer);
        out.put("req", req);
        return out;
    }

    // ---- session chain ---------------------------------------------------------------------

    private Map<String, Object> createAppkey(Map<String, String> p) {
        require(p, "appname");
        String key = "appkey-" + UUID.randomUUID();
        appKeys.add(key);
        return Map.of("appkey", key, "id", key.hashCode() & 0xffff, "createdVNB", "6.49");
    }

    private Map<String, Object> createOauthkey(Map<String, String> p) {
        String login = require(p, "login");
        String pwd = require(p, "pwd");
        if (!appKeys.contains(require(p, "appkey"))) {
            throw new Nok("invalidAppkey", "Invalid appkey");
        }
        String[] user = users.get(login);
        if (user == null || !user[0].equals(pwd)) {
            throw new Nok("invalidLogin", "Invalid login or password");
        }
        String key = "oauth-" + UUID.randomUUID();
        oauthKeys.put(key, user[1]);
        return Map.of("oauthkey", key, "o_u", user[1], "id", login);
    }

    private Map<String, Object> createSesskey(Map<String, String> p) {
        String ou = require(p, "o_u");
        String oauthKey = require(p, "oauthkey");
        if (!ou.equals(oauthKeys.get(oauthKey))) {
            throw new Nok("invalidOauthkey", "Invalid oauthkey for this o_u");
        }
        String key = "sess-" + UUID.randomUUID();
        auth.registerBearer(key, new Auth.Grant(ou, Set.of(), clock.millis() + sessionMillis, "sesskey"));
        return Map.of("sesskey", key, "o_u", ou, "u_c", p.getOrDefault("u_c", ou));
    }

    /** The o_u of a valid session, or nok: TimeTonic's "invalid session" answer. */
    private String session(Map<String, String> p) {
        String ou = require(p, "o_u");
        require(p, "u_c");
        String key = p.get("sesskey");
        Auth.Grant grant = key == null ? null : auth.bearerGrant(key).orElse(null);
        if (grant == null || !auth.isValid(key) || !grant.account().equals(ou)) {
            throw new Nok("invalidSesskey", "Invalid or expired sesskey");
        }
        return ou;
    }

    // ---- books and tables -------------------------------------------------------------------

    private Map<String, Object> getAllBooks(String ou) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("b_c", TimeTonicSimulator.BOOK_CODE);
        b.put("b_o", TimeTonicSimulator.O_U);
        b.put("ownerPrefs", Map.of("title", "Sandbox book"));
        return Map.of("allBooks", Map.of("nbBooks", 1, "books", List.of(b)));
    }

    private void checkBook(Map<String, String> p) {
        if (!TimeTonicSimulator.BOOK_CODE.equals(require(p, "b_c")) || !TimeTonicSimulator.O_U.equals(require(p, "b_o"))) {
            throw new Nok("unknownBook", "No book " + p.get("b_c") + " of " + p.get("b_o"));
        }
    }

    private Map<String, Object> getBookTables(Map<String, String> p) {
        checkBook(p);
        boolean withFields = "true".equals(p.get("includeFields"));
        List<Map<String, Object>> categories = new ArrayList<>();
        for (TimeTonicBook.Table t : book.tables().values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", t.id);
            c.put("name", t.name);
            c.put("pivot_id", null);
            if (withFields) {
                c.put("fields", t.fields.stream().map(f -> fieldView(f, null)).toList());
            }
            categories.add(c);
        }
        return Map.of("bookTables", Map.of("categories", categories, "tabs", List.of()));
    }

    private Map<String, Object> getTableValues(Map<String, String> p) {
        if (p.containsKey("b_o") && !TimeTonicSimulator.O_U.equals(p.get("b_o"))) {
            throw new Nok("unknownBook", "No book of " + p.get("b_o"));
        }
        TimeTonicBook.Table t = table(p);
        List<Long> ids = new ArrayList<>(t.rows.keySet());
        if (p.get("filterRowIds") != null) {
            List<String> wanted = jsonList(p.get("filterRowIds"), "filterRowIds");
            ids.removeIf(id -> !wanted.contains(String.valueOf(id)));
        }
        int offset = number(p, "offset", 0);
        int max = number(p, "maxRows", 1000);
        Paging.Page<Long> page = Paging.offset(ids, offset, max);
        Map<String, Object> rowInfos = new LinkedHashMap<>();
        page.items().forEach(id -> rowInfos.put(String.valueOf(id), Map.of("id", id)));
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("id", t.id);
        table.put("name", t.name);
        table.put("code", "T" + t.id);
        table.put("totalRowCount", ids.size());
        table.put("fields", t.fields.stream().map(f -> fieldView(f, page.items().stream()
                .filter(id -> t.rows.get(id).get(f.id()) != null)
                .map(id -> (Object) Map.of("id", id, "value", t.rows.get(id).get(f.id()))).toList())).toList());
        table.put("rowInfos", rowInfos);
        return Map.of("tableValues", table);
    }

    private static Map<String, Object> fieldView(TimeTonicBook.Field f, List<Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("type", f.type());
        m.put("code", "F" + f.id());
        m.put("fixed_code", null);
        if (values != null) {
            m.put("values", values);
        }
        return m;
    }

    // ---- rows ---------------------------------------------------------------------------------

    private Map<String, Object> createOrUpdateTableRow(Map<String, String> p) {
        String rowId = require(p, "rowId");
        Map<String, Object> values = jsonObject(require(p, "fieldValues"), "fieldValues");
        TimeTonicBook.Table t = rowId.startsWith("tmp") ? table(p) : tableOfRow(p, rowId);
        Map<Long, Object> byId = fieldValues(t, values);
        return Map.of("rows", List.of(book.write(t, rowId.startsWith("tmp") ? null : Long.valueOf(rowId), byId)));
    }

    private Map<String, Object> createOrUpdateTableRows(Map<String, String> p) {
        TimeTonicBook.Table t = table(p);
        Map<String, Object> rows = jsonObject(require(p, "rows"), "rows");
        if (rows.size() > MAX_BATCH) {
            throw new Nok("tooManyRows", "At most " + MAX_BATCH + " rows per call");
        }
        Map<String, Map<Long, Object>> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rows.entrySet()) {
            if (!e.getKey().startsWith("tmp") && !(e.getKey().matches("\\d+") && t.rows.containsKey(Long.valueOf(e.getKey())))) {
                throw new Nok("unknownRow", "No row " + e.getKey() + " in table " + t.id);
            }
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new Nok("invalidParam", "rows." + e.getKey() + " must be an object of field values");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) m;
            checked.put(e.getKey(), fieldValues(t, values));
        }
        List<Object> ids = new ArrayList<>();
        checked.forEach((rowId, values) -> ids.add(book.write(t, rowId.startsWith("tmp") ? null : Long.valueOf(rowId), values)));
        return Map.of("rows", ids);
    }

    private Map<String, Object> deleteTableRows(Map<String, String> p) {
        TimeTonicBook.Table t = table(p);
        List<String> rows = jsonList(require(p, "rows"), "rows");
        for (String id : rows) {
            if (!id.matches("\\d+") || !t.rows.containsKey(Long.valueOf(id))) {
                throw new Nok("unknownRow", "No row " + id + " in table " + t.id);
            }
        }
        rows.forEach(id -> t.rows.remove(Long.valueOf(id)));
        return Map.of("rows", rows);
    }

    private Map<Long, Object> fieldValues(TimeTonicBook.Table t, Map<String, Object> values) {
        Map<Long, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            TimeTonicBook.Field f = e.getKey().matches("\\d+") ? t.field(e.getKey()) : null;
            if (f == null) {
                throw new Nok("invalidFieldId", "Invalid field id '" + e.getKey() + "' for table " + t.id);
            }
            if (TimeTonicBook.MODIFIED_TYPE.equals(f.type())) {
                throw new Nok("readOnlyField", "Field " + f.id() + " is read-only");
            }
            out.put(f.id(), e.getValue());
        }
        return out;
    }

    private TimeTonicBook.Table table(Map<String, String> p) {
        String catId = require(p, "catId");
        TimeTonicBook.Table t = catId.matches("\\d+") ? book.table(Long.parseLong(catId)) : null;
        if (t == null) {
            throw new Nok("unknownTable", "No table " + catId);
        }
        return t;
    }

    private TimeTonicBook.Table tableOfRow(Map<String, String> p, String rowId) {
        if (rowId.matches("\\d+")) {
            for (TimeTonicBook.Table t : book.tables().values()) {
                if (t.rows.containsKey(Long.valueOf(rowId))) {
                    return t;
                }
            }
        }
        throw new Nok("unknownRow", "No row " + rowId);
    }

    // ---- parameters -----------------------------------------------------------------------------

    private static String require(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            throw new Nok("missingParam", "Missing parameter " + name);
        }
        return v;
    }

    private static int number(Map<String, String> p, String name, int fallback) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (!v.matches("\\d+")) {
            throw new Nok("invalidParam", name + " must be a whole number");
        }
        return Integer.parseInt(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String text, String name) {
        try {
            Object v = JSON.readValue(text, Object.class);
            if (v instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (java.io.IOException e) {
            // answered below
        }
        throw new Nok("invalidParam", name + " must be a JSON object");
    }

    private static List<String> jsonList(String text, String name) {
        try {
            Object v = JSON.readValue(text, Object.class);
            if (v instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
        } catch (java.io.IOException e) {
            // answered below
        }
        throw new Nok("invalidParam", name + " must be a JSON list");
    }
}
