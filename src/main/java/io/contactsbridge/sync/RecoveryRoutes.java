package io.contactsbridge.sync;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.ops.AdminAuth;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The admin API of recovery (bearer {@code BRIDGE_ADMIN_TOKEN}), for people and the operations
 * console's "undo" on an activity-log entry:
 * <ul>
 * <li>{@code GET /api/audit?limit=50&before=<id>&eventId=&flow=}: audit rows, newest first, each
 *     with the fields its write changed and whether it can be undone;</li>
 * <li>{@code POST /api/rollback} with {@code {"eventId": .., "flow": .., "from": .., "to": .., "apply": false}}:
 *     the plan of a rollback ({@link Rollback}), or with {@code "apply": true} its execution.</li>
 * </ul>
 */
final class RecoveryRoutes extends RouteBuilder {
    private final SyncSettings sync;

    RecoveryRoutes(SyncSettings sync) {
        this.sync = sync;
    }

    @Override
    public void configure() {
        AdminAuth auth = new AdminAuth(sync.adminToken());
        onException(AdminAuth.Denied.class).handled(true)
                .process(e -> SyncCore.json(e, 401, Map.of("error", caught(e))))
                .setHeader("WWW-Authenticate", constant("Bearer"));
        onException(IllegalArgumentException.class).handled(true)
                .process(e -> SyncCore.json(e, 400, Map.of("error", caught(e))));

        from("platform-http:/api/audit?httpMethodRestrict=GET").routeId("api.audit")
                .process(auth)
                .process(e -> SyncCore.json(e, 200, audit(e)));
        from("platform-http:/api/rollback?httpMethodRestrict=POST").routeId("api.rollback")
                .process(auth)
                .process(e -> SyncCore.json(e, 200, rollback(e)));
    }

    private static Map<String, Object> audit(Exchange e) {
        int limit = AdminPaging.number(e, "limit", 50, 1, 500);
        long before = AdminPaging.number(e, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        SyncAudit audit = e.getContext().getRegistry().lookupByNameAndType(SyncCore.AUDIT_BEAN, SyncAudit.class);
        List<SyncAudit.Entry> rows = audit.page(before, limit, e.getMessage().getHeader("eventId", String.class),
                e.getMessage().getHeader("flow", String.class));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", rows.stream().map(r -> {
            Map<String, Object> m = r.toMap();
            m.put("undoable", r.undoable());
            return m;
        }).toList());
        if (rows.size() == limit) {
            answer.put("next", "/api/audit?limit=" + limit + "&before=" + rows.get(rows.size() - 1).id());
        }
        return answer;
    }

    private static Map<String, Object> rollback(Exchange e) {
        String body = e.getMessage().getBody(String.class);
        Map<String, Object> request = body == null || body.isBlank() ? Map.of() : SyncJson.readMap(body);
        Rollback.Selection selection = new Rollback.Selection(text(request, "flow"), text(request, "eventId"),
                time(request, "from"), time(request, "to"));
        boolean apply = Boolean.TRUE.equals(request.get("apply"));
        Rollback rollback = e.getContext().getRegistry().lookupByNameAndType(SyncCore.ROLLBACK_BEAN, Rollback.class);
        List<Rollback.Step> steps = rollback.run(selection, apply);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("apply", apply);
        answer.put("steps", steps.stream().map(Rollback.Step::toMap).toList());
        answer.put("summary", Rollback.summary(steps));
        return answer;
    }

    private static String text(Map<String, Object> request, String key) {
        Object v = request.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return (String) v;
    }

    private static Instant time(Map<String, Object> request, String key) {
        String v = text(request, key);
        try {
            return v == null || v.isBlank() ? null : Instant.parse(v.trim());
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("'" + key + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static String caught(Exchange e) {
        return String.valueOf(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
    }
}
