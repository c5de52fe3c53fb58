package io.contactsbridge.hubstaff;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.ChangeTranslator;

/**
 * A stored Hubstaff webhook body -> canonical changes. The reference has no payload schema; a
 * delivery is read as {@code {"event": "task.create", "id": ..., "data": {"task": {...}}}} (the
 * to-do as the API returns it). Timer and shift events give no change (the poll reads activities).
 */
public class HubstaffChangeTranslator implements ChangeTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String source() {
        return HubstaffChanges.SOURCE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<CanonicalChange> translate(String payload) {
        Map<String, Object> event;
        try {
            Object parsed = JSON.readValue(payload, Object.class);
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("a Hubstaff event must be a JSON object");
            }
            event = (Map<String, Object>) m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a Hubstaff event must be JSON: " + e.getOriginalMessage());
        }
        Object type = event.get("event") != null ? event.get("event") : event.get("event_type");
        Action action = switch (String.valueOf(type)) {
            case "task.create" -> Action.CREATED;
            case "task.update" -> Action.UPDATED;
            case "task.delete" -> Action.DELETED;
            default -> null;
        };
        if (action == null) {
            return List.of();
        }
        if (!(event.get("data") instanceof Map<?, ?> data) || !(data.get("task") instanceof Map<?, ?> task)
                || HubstaffChanges.id(task.get("id")) == null) {
            throw new IllegalArgumentException("Hubstaff " + type + " event without data.task.id");
        }
        Map<String, Object> row = (Map<String, Object>) task;
        if ("completed".equals(row.get("status")) && action == Action.UPDATED) {
            action = Action.COMPLETED;
        }
        return List.of(HubstaffChanges.change(HubstaffEntities.TODO, action, HubstaffChanges.id(row.get("id")), row));
    }
}
