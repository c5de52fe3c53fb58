package io.contactsbridge.hubstaff;

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
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;

/** Hubstaff rows (from webhooks and from polls) as canonical changes, the same way for both. */
public final class HubstaffChanges {
    public static final String SOURCE = HubstaffConnector.ID;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private HubstaffChanges() {
    }

    /**
     * One change for one row. The event id is {@code hubstaff:<entity>:<id>:<updated_at>:<content hash>}:
     * the same version of a row gives the same id whether a webhook or a poll saw it, so the inbox
     * stores it once.
     */
    public static CanonicalChange change(Entity entity, Action action, String id, Map<String, Object> row) {
        Instant updated = instant(row.get("updated_at"));
        String eventId = CanonicalChange.pollEventId(SOURCE, entity, id, updated) + ":" + action.wire() + ":" + contentHash(row);
        return new CanonicalChange(SOURCE, entity, action, id, new LinkedHashMap<>(row), updated, eventId);
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

    /** A short, stable hash of a row's content (keys sorted at every level). */
    static String contentHash(Map<String, Object> row) {
        try {
            byte[] json = JSON.writeValueAsBytes(new TreeMap<>(row));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a Hubstaff row: " + e.getMessage(), e);
        }
    }

    static String id(Object v) {
        return HubstaffLookups.id(v);
    }
}
