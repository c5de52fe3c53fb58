package io.contactsbridge.toggl;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ChangeTranslator;

/**
 * A stored Toggl webhook body -> canonical changes. PINGs, models or actions no flow needs, and events
 * of another workspace than the configured one (a subscription made elsewhere to the same callback) give
 * no change; a body that is not a Toggl event is an IllegalArgumentException.
 */
public class TogglChangeTranslator implements ChangeTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The configured workspace, or null to take every workspace's events. */
    private final Long workspaceId;

    public TogglChangeTranslator() {
        this(null);
    }

    public TogglChangeTranslator(Long workspaceId) {
        this.workspaceId = workspaceId;
    }

    @Override
    public String source() {
        return TogglChanges.SOURCE;
    }

    @Override
    public List<CanonicalChange> translate(String payload) {
        Map<String, Object> event = parse(payload);
        if (isPing(event)) {
            return List.of();
        }
        if (!(event.get("metadata") instanceof Map<?, ?> metadata)) {
            throw new IllegalArgumentException("Toggl event without metadata");
        }
        String model = metadata.get("model") == null ? null : String.valueOf(metadata.get("model")).toLowerCase(Locale.ROOT);
        String action = metadata.get("action") == null ? null : String.valueOf(metadata.get("action")).toLowerCase(Locale.ROOT);
        if (model == null || action == null) {
            throw new IllegalArgumentException("Toggl event without metadata.model or metadata.action");
        }
        CanonicalChange.Entity entity = TogglChanges.MODELS.get(model);
        if (entity == null) {
            return List.of();
        }
        CanonicalChange.Action act = switch (action) {
            case "created" -> CanonicalChange.Action.CREATED;
            case "updated" -> CanonicalChange.Action.UPDATED;
            case "deleted" -> CanonicalChange.Action.DELETED;
            // stored by the receiver (lose nothing) but not synced
            default -> null;
        };
        if (act == null) {
            return List.of();
        }
        if (!(event.get("payload") instanceof Map<?, ?> row)) {
            throw new IllegalArgumentException("Toggl " + model + " event without an object payload");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) row;
        if (workspaceId != null && !"workspace".equals(model) && !ofWorkspace(metadata, fields)) {
            return List.of();
        }
        return List.of(TogglChanges.change(entity, act, fields));
    }

    /** The event's workspace ({@code metadata.workspace_id}, else the payload's) is the configured one. */
    private boolean ofWorkspace(Map<?, ?> metadata, Map<String, Object> fields) {
        Object wid = metadata.get("workspace_id");
        if (wid == null || String.valueOf(wid).isBlank()) {
            return TogglChanges.inWorkspace(fields, workspaceId);
        }
        return String.valueOf(wid).trim().equals(String.valueOf(workspaceId));
    }

    static boolean isPing(Map<String, Object> event) {
        return "ping".equals(event.get("payload")) || Long.valueOf(0).equals(asLong(event.get("event_id")));
    }

    static Long asLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? null : Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Map<String, Object> parse(String payload) {
        try {
            Object parsed = JSON.readValue(payload, Object.class);
            if (parsed instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) parsed;
                return map;
            }
            throw new IllegalArgumentException("a Toggl event must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a Toggl event must be JSON: " + e.getOriginalMessage());
        }
    }
}
