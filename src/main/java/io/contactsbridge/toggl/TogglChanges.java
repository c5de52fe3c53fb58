package io.contactsbridge.toggl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.CanonicalChange;

/** Toggl rows (from webhooks and from polls) as canonical changes, the same way for both. */
public final class TogglChanges {
    public static final String SOURCE = "toggl";

    /** Webhook {@code metadata.model} -> entity; models no flow needs are absent. */
    public static final Map<String, Entity> MODELS = TogglEntities.MODELS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TogglChanges() {
    }

    /**
     * One change for one Toggl row. The event id is {@code toggl:<entity>:<id>:<at>:<content hash>}:
     * stable for the same version of a row whether a webhook or a poll saw it (so the inbox stores it
     * once), and different for two versions written within the same second ({@code at} has second precision).
     */
    public static CanonicalChange change(Entity entity, Action action, Map<String, Object> row) {
        Object id = row.get("id");
        if (id == null) {
            throw new IllegalArgumentException("Toggl " + entity.wire() + " without an id");
        }
        Instant updated = updatedAt(row);
        String eventId = CanonicalChange.pollEventId(SOURCE, entity, String.valueOf(id), updated) + ":" + contentHash(row);
        return new CanonicalChange(SOURCE, entity, action, String.valueOf(id), new LinkedHashMap<>(row), updated, eventId);
    }

    /** The row's last change: {@code server_deleted_at} for deleted rows when later, else {@code at}. */
    public static Instant updatedAt(Map<String, Object> row) {
        Instant at = instant(row.get("at"));
        Instant deleted = instant(row.get("server_deleted_at"));
        if (deleted != null && (at == null || deleted.isAfter(at))) {
            return deleted;
        }
        return at;
    }

    /**
     * True when the row belongs to the workspace ({@code workspace_id}, or {@code wid} for clients); a row
     * that names no workspace is kept (the path it came from was the workspace's own).
     */
    public static boolean inWorkspace(Map<String, Object> row, long workspaceId) {
        Object w = row.get("workspace_id") != null ? row.get("workspace_id") : row.get("wid");
        if (w == null) {
            return true;
        }
        try {
            return (w instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(w).trim())) == workspaceId;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(String.valueOf(value));
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String contentHash(Map<String, Object> row) {
        try {
            byte[] json = JSON.writeValueAsBytes(new TreeMap<>(row));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            return String.valueOf(row.hashCode());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
