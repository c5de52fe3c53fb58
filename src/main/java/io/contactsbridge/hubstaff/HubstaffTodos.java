package io.contactsbridge.hubstaff;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.contactsbridge.api.Conflict;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code direct:hubstaff.save-todo}: updates a to-do the way Hubstaff's optimistic locking needs. It
 * reads the to-do for its current {@code lock_version}, sends the change with it, and when Hubstaff
 * answers that the version is stale (someone edited the to-do meanwhile: 409) reads it again and
 * applies last-write-wins: the other edit stands when it is newer than the HighLevel change
 * ({@code syncSourceUpdatedAt}), else the change is sent again with the new version. A to-do that
 * already says what the change says is left alone.
 */
final class HubstaffTodos extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(HubstaffTodos.class);
    static final int ATTEMPTS = 3;
    static final ApiOperation OPERATION = new ApiOperation(HubstaffOperations.NAMESPACE, "save-todo",
            HubstaffOperations.NAMESPACE + ".save-todo", null, ApiOperation.API, null,
            List.of(ApiOperation.Param.pathId("task_id", null, "The to-do")), "JSON", null, "hubstaff:write", true, false, null,
            "Update a to-do with its current lock_version; on a version conflict re-read it and apply last-write-wins");

    @Override
    public void configure() {
        from(OPERATION.endpoint()).routeId(OPERATION.routeId()).description(OPERATION.description())
                .process(this::save);
    }

    @SuppressWarnings("unchecked")
    private void save(Exchange exchange) {
        Object id = exchange.getMessage().getHeader("task_id");
        if (id == null) {
            id = exchange.getMessage().getHeader("taskId");
        }
        if (HubstaffChanges.id(id) == null) {
            throw new IllegalArgumentException("hubstaff.save-todo needs the header task_id");
        }
        Map<String, Object> wanted = exchange.getMessage().getBody(Map.class);
        Instant changedAt = HubstaffChanges.instant(exchange.getMessage().getHeader("syncSourceUpdatedAt"));
        exchange.getMessage().setBody(save(HubstaffApiRoutes.client(getContext()).operations(), HubstaffChanges.id(id),
                wanted == null ? Map.of() : wanted, changedAt));
    }

    static Map<String, Object> save(Operations hubstaff, String taskId, Map<String, Object> wanted, Instant changedAt) {
        Conflict last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, Object> current = task(hubstaff.callForMap("get-task", Map.of("task_id", taskId), null));
            if (says(current, wanted)) {
                return current;
            }
            Instant theirs = HubstaffChanges.instant(current.get("updated_at"));
            if (attempt > 0 && changedAt != null && theirs != null && theirs.isAfter(changedAt)) {
                LOG.info("Hubstaff to-do {}: edited in Hubstaff at {}, after the HighLevel change at {}; last write wins,"
                        + " Hubstaff's edit stands", taskId, theirs, changedAt);
                return current;
            }
            Map<String, Object> body = new LinkedHashMap<>(wanted);
            body.put("lock_version", current.get("lock_version"));
            try {
                return task(hubstaff.callForMap("update-task", Map.of("task_id", taskId), body));
            } catch (Conflict e) {
                LOG.info("Hubstaff to-do {}: lock_version {} was stale; reading it again", taskId, current.get("lock_version"));
                last = e;
            }
        }
        throw last;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(Map<String, Object> answer) {
        return answer.get("task") instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : answer;
    }

    private static boolean says(Map<String, Object> current, Map<String, Object> wanted) {
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            if (!Objects.equals(String.valueOf(e.getValue()), String.valueOf(current.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }
}
