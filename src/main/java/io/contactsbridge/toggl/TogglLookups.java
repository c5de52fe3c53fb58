package io.contactsbridge.toggl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.CreateLookup;
import io.contactsbridge.connector.http.Operations;

/**
 * Looks up what a Toggl create would have made before it is sent again after a failure that may
 * have applied it. Toggl refuses a second client or project with the same name, and a retried
 * task would be a duplicate, so each is found by its name: a client in the workspace, a project of
 * the same client, a task in its project, a webhook subscription by its callback URL.
 */
final class TogglLookups implements CreateLookup {

    @Override
    public Object find(ApiRequest request, Instant since, Operations operations) {
        Map<String, Object> body = request.body() == null ? Map.of() : request.body();
        Map<String, String> path = request.pathValues();
        return switch (request.operation().operationId()) {
            case "create-client" -> first(operations.call("list-clients", headers(path, "status", "both", "name", body.get("name")), null),
                    row -> sameName(row, body));
            case "create-project" -> first(operations.call("list-projects", headers(path, "name", body.get("name"),
                    "client_ids", id(body.get("client_id")), "active", "both"), null),
                    row -> sameName(row, body) && Objects.equals(id(row.get("client_id")), id(body.get("client_id"))));
            case "create-task" -> first(operations.call("list-project-tasks", headers(path), null), row -> sameName(row, body));
            case "create-subscription" -> first(operations.call("list-subscriptions", headers(path), null),
                    row -> Objects.equals(row.get("url_callback"), body.get("url_callback")));
            default -> throw new CreateOutcomeUnknown(operations.call(request.operation()),
                    "the request failed in a way that may have created the record, and it cannot be looked up; not sent again",
                    null);
        };
    }

    private static Map<String, Object> headers(Map<String, String> path, Object... pairs) {
        Map<String, Object> h = new LinkedHashMap<>(path);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                h.put(String.valueOf(pairs[i]), pairs[i + 1]);
            }
        }
        return h;
    }

    private interface Match {
        boolean test(Map<?, ?> row);
    }

    private static Object first(Object answer, Match match) {
        if (answer instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> m && m.get("server_deleted_at") == null && match.test(m)) {
                    return m;
                }
            }
        }
        return null;
    }

    private static boolean sameName(Map<?, ?> row, Map<String, Object> body) {
        return body.get("name") != null && String.valueOf(body.get("name")).equalsIgnoreCase(String.valueOf(row.get("name")));
    }

    private static String id(Object v) {
        return v == null ? null : v instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(v).trim();
    }
}
