package io.contactsbridge.sandbox.hubstaff;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * The Hubstaff v2 resources the bridge uses, checked as the reference says: organization-scoped
 * lists with cursor paging ({@code page_start_id}: the first id of the page; {@code page_limit}, at
 * most 500; {@code pagination.next_page_start_id} only while more follow), {@code status} filters,
 * to-dos updated only with their current {@code lock_version} (409 when stale), daily activities
 * only with {@code date[start]}, and {@code {"error": ...}} bodies for every refusal.
 */
final class HubstaffApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ORG = Pattern.compile("/v2/organizations/(\\d+)(/.*)?");
    private static final Pattern ONE = Pattern.compile("/v2/(clients|projects|tasks)/(\\d+)(/tasks)?");
    static final int MAX_PAGE = 500;
    private final HubstaffData data;
    private final HubstaffWebhooks webhooks;

    HubstaffApi(HubstaffData data, HubstaffWebhooks webhooks) {
        this.data = data;
        this.webhooks = webhooks;
    }

    SimResponse handle(SimRequest r) {
        String path = r.path();
        if (path.equals("/v2/users/me") && r.method().equals("GET")) {
            return SimResponse.json(200, Map.of("user", data.users.get(HubstaffData.USER_ID)));
        }
        if (path.startsWith("/v2/webhooks/")) {
            return webhooks.handle(r);
        }
        Matcher org = ORG.matcher(path);
        if (org.matches()) {
            if (Long.parseLong(org.group(1)) != HubstaffData.ORGANIZATION_ID) {
                return error(404, "Could not find record");
            }
            return organization(r, org.group(2) == null ? "" : org.group(2));
        }
        Matcher one = ONE.matcher(path);
        if (one.matches()) {
            return record(r, one.group(1), Long.parseLong(one.group(2)), one.group(3) != null);
        }
        return error(404, "Not found");
    }

    private SimResponse organization(SimRequest r, String rest) {
        synchronized (data) {
            return switch (r.method() + " " + rest) {
                case "GET " -> SimResponse.json(200, Map.of("organization", Map.of("id", HubstaffData.ORGANIZATION_ID,
                        "name", "Sandbox Agency", "status", "active")));
                case "GET /clients" -> list(r, "clients", data.clients.values(), status(r, "status", Set.of("active", "archived", "all"), "active"));
                case "POST /clients" -> {
                    Map<String, Object> body = body(r);
                    if (blank(body.get("name"))) {
                        yield error(422, "Name can't be blank");
                    }
                    yield SimResponse.json(200, Map.of("client", data.addClient(body)));
                }
                case "GET /projects" -> list(r, "projects", data.projects.values(), status(r, "status", Set.of("active", "archived", "all"), "active"));
                case "POST /projects" -> {
                    Map<String, Object> body = body(r);
                    if (blank(body.get("name"))) {
                        yield error(422, "Name can't be blank");
                    }
                    Long client = body.get("client_id") instanceof Number n ? n.longValue() : null;
                    if (client != null && !data.clients.containsKey(client)) {
                        yield error(422, "Client is invalid");
                    }
                    yield SimResponse.json(201, Map.of("project", data.addProject(String.valueOf(body.get("name")), client)));
                }
                case "GET /tasks" -> tasks(r, data.tasks.values());
                case "GET /members" -> members(r);
                case "GET /activities/daily" -> daily(r);
                case "POST /webhooks" -> webhooks.create(r, body(r));
                default -> error(404, "Not found");
            };
        }
    }

    private SimResponse record(SimRequest r, String kind, long id, boolean subTasks) {
        synchronized (data) {
            Map<String, Object> row = switch (kind) {
                case "clients" -> data.clients.get(id);
                case "projects" -> data.projects.get(id);
                default -> data.tasks.get(id);
            };
            if (row == null) {
                return error(404, "Could not find record");
            }
            String singular = kind.substring(0, kind.length() - 1);
            if (subTasks) {
                if (!kind.equals("projects")) {
                    return error(404, "Not found");
                }
                if (r.method().equals("POST")) {
                    Map<String, Object> body = body(r);
                    if (blank(body.get("summary"))) {
                        return error(422, "Summary can't be blank");
                    }
                    return SimResponse.json(200, Map.of("task", data.addTask(id, body)));
                }
                return tasks(r, data.tasks.values().stream().filter(t -> t.get("project_id").equals(id)).toList());
            }
            return switch (r.method()) {
                case "GET" -> SimResponse.json(200, Map.of(singular, HubstaffData.copy(row)));
                case "PUT" -> update(r, kind, id, row, body(r));
                case "DELETE" -> {
                    if (!kind.equals("tasks")) {
                        yield error(404, "Not found");
                    }
                    data.tasks.remove(id);
                    yield SimResponse.empty(204);
                }
                default -> error(405, "Method not allowed");
            };
        }
    }

    private SimResponse update(SimRequest r, String kind, long id, Map<String, Object> row, Map<String, Object> body) {
        switch (kind) {
            case "clients" -> {
                return SimResponse.json(200, Map.of("client", data.updateClient(id, body)));
            }
            case "projects" -> {
                body.forEach((k, v) -> {
                    if (Set.of("name", "status", "client_id", "description").contains(k)) {
                        row.put(k, v);
                    }
                });
                row.put("updated_at", data.now());
                return SimResponse.json(200, Map.of("project", HubstaffData.copy(row)));
            }
            default -> {
                if (!(body.get("lock_version") instanceof Number version)) {
                    return error(422, "lock_version is required");
                }
                Map<String, Object> meanwhile = data.editsBeforeNextUpdate.remove(id);
                if (meanwhile != null) {
                    // someone else's edit lands between the caller's read and its update
                    data.changeTask(id, meanwhile);
                    if (meanwhile.get("updated_at") != null) {
                        row.put("updated_at", meanwhile.get("updated_at"));
                    }
                }
                if (version.intValue() != ((Number) row.get("lock_version")).intValue()) {
                    return error(409, "Task was modified by someone else (stale lock_version)");
                }
                Object status = body.get("status");
                if (status != null && !Set.of("active", "completed").contains(status)) {
                    return error(422, "Status is invalid");
                }
                return SimResponse.json(200, Map.of("task", data.changeTask(id, body)));
            }
        }
    }

    private SimResponse tasks(SimRequest r, Collection<Map<String, Object>> all) {
        String status = status(r, "status", Set.of("active", "completed", "deleted", "archived"), "active");
        if (status == null) {
            return error(400, "status does not have a valid value");
        }
        String projects = r.queryParam("project_ids").orElse(null);
        Predicate<Map<String, Object>> inProject = t -> projects == null
                || List.of(projects.split(",")).contains(String.valueOf(t.get("project_id")));
        return page(r, "tasks", all.stream().filter(t -> t.get("status").equals(status) && inProject.test(t)).toList(), null);
    }

    private SimResponse list(SimRequest r, String key, Collection<Map<String, Object>> all, String status) {
        if (status == null) {
            return error(400, "status does not have a valid value");
        }
        return page(r, key, all.stream().filter(row -> status.equals("all") || status.equals(row.get("status"))).toList(), null);
    }

    private SimResponse members(SimRequest r) {
        String start = r.queryParam("updated_at[start]").orElse(null);
        boolean removed = r.queryParam("include_removed").map("true"::equals).orElse(false);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> m : data.members.values()) {
            if ((removed || "active".equals(m.get("membership_status")))
                    && (start == null || String.valueOf(m.get("updated_at")).compareTo(instant(start)) >= 0)) {
                Map<String, Object> row = HubstaffData.copy(m);
                row.put("id", m.get("user_id"));
                rows.add(row);
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (r.queryParam("include").map(v -> v.contains("users")).orElse(false)) {
            extra.put("users", HubstaffData.copies(rows.stream().map(m -> data.users.get((Long) m.get("user_id"))).toList()));
        }
        return page(r, "members", rows, extra);
    }

    private SimResponse daily(SimRequest r) {
        String start = r.queryParam("date[start]").orElse(null);
        if (start == null) {
            return error(400, "date[start] is missing");
        }
        String stop = r.queryParam("date[stop]").orElse(start);
        try {
            LocalDate.parse(start);
            LocalDate.parse(stop);
        } catch (DateTimeParseException e) {
            return error(400, "date[start] and date[stop] must be dates (YYYY-MM-DD)");
        }
        return page(r, "daily_activities", data.activities.values().stream()
                .filter(a -> String.valueOf(a.get("date")).compareTo(start) >= 0 && String.valueOf(a.get("date")).compareTo(stop) <= 0)
                .toList(), null);
    }

    /** One cursor page of rows in id order: ids from page_start_id on, at most page_limit. */
    private SimResponse page(SimRequest r, String key, List<Map<String, Object>> rows, Map<String, Object> extra) {
        long start;
        int limit;
        try {
            start = Long.parseLong(r.queryParam("page_start_id").orElse("0"));
            limit = Integer.parseInt(r.queryParam("page_limit").orElse("100"));
        } catch (NumberFormatException e) {
            return error(400, "page_start_id and page_limit must be integers");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            return error(400, "page_limit must be between 1 and " + MAX_PAGE);
        }
        List<Map<String, Object>> from = rows.stream().filter(row -> ((Number) row.get("id")).longValue() >= start).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, HubstaffData.copies(from.subList(0, Math.min(limit, from.size()))));
        if (extra != null) {
            body.putAll(extra);
        }
        if (from.size() > limit) {
            body.put("pagination", Map.of("next_page_start_id", from.get(limit).get("id")));
        }
        return SimResponse.json(200, body);
    }

    private static String status(SimRequest r, String param, Set<String> allowed, String fallback) {
        String v = r.queryParam(param).orElse(fallback);
        return allowed.contains(v) ? v : null;
    }

    private static String instant(String v) {
        try {
            return java.time.OffsetDateTime.parse(v).toInstant().toString();
        } catch (DateTimeParseException e) {
            return v;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(SimRequest r) {
        if (r.body().length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            Object parsed = JSON.readValue(r.body(), Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return new LinkedHashMap<>((Map<String, Object>) m);
            }
        } catch (IOException e) {
            throw new BadBody("the body must be JSON");
        }
        throw new BadBody("the body must be a JSON object");
    }

    /** A body that is not a JSON object: 400 with Hubstaff's error shape. */
    static final class BadBody extends RuntimeException {
        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean blank(Object v) {
        return v == null || String.valueOf(v).isBlank();
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Map.of("error", message));
    }
}
