package io.contactsbridge.hubstaff;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.CreateLookup;
import io.contactsbridge.connector.http.Operations;

/**
 * Looks up what a Hubstaff create would have made before it is sent again after a failure that may
 * have applied it: a client or project by name (and client), a to-do by its summary in its project.
 * A webhook cannot be found (there is no list): its create is not re-sent, {@code subscriptions create}
 * is run again instead.
 */
final class HubstaffLookups implements CreateLookup {

    @Override
    public Object find(ApiRequest request, Instant since, Operations operations) {
        Map<String, Object> body = request.body() == null ? Map.of() : request.body();
        Map<String, String> path = request.pathValues();
        return switch (request.operation().operationId()) {
            case "create-client" -> first(operations.call("list-clients", all(path, "status", "all"), null), "clients",
                    row -> sameText(row.get("name"), body.get("name")));
            case "create-project" -> first(operations.call("list-projects", all(path, "status", "all"), null), "projects",
                    row -> sameText(row.get("name"), body.get("name")) && Objects.equals(id(row.get("client_id")), id(body.get("client_id"))));
            case "create-task" -> first(operations.call("list-project-tasks", all(path, "status", "active"), null), "tasks",
                    row -> sameText(row.get("summary"), body.get("summary")));
            default -> throw new CreateOutcomeUnknown(operations.call(request.operation()),
                    "the request failed in a way that may have created the record, and it cannot be looked up; not sent again",
                    null);
        };
    }

    private static Map<String, Object> all(Map<String, String> path, String key, String value) {
        Map<String, Object> h = new LinkedHashMap<>(path);
        h.put(key, value);
        h.put(ApiClient.FOLLOW_PAGES, "true");
        return h;
    }

    private static Object first(Object answer, String key, Predicate<Map<?, ?>> match) {
        Object rows = answer instanceof Map<?, ?> m ? m.get(key) : answer;
        if (rows instanceof List<?> list) {
            for (Object row : list) {
                if (row instanceof Map<?, ?> r && match.test(r)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static boolean sameText(Object a, Object b) {
        return a != null && b != null && String.valueOf(a).trim().equalsIgnoreCase(String.valueOf(b).trim());
    }

    static String id(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(v).trim();
        return s.isEmpty() || s.equals("null") ? null : s;
    }
}
