package io.contactsbridge.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.CanonicalChange;

/**
 * JSON of the sync core: canonical changes as stored in the inbox, and the stable JSON (keys
 * sorted, nulls dropped) whose SHA-256 is the content hash of a record.
 */
public final class SyncJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private SyncJson() {
    }

    /** The change as stored in the inbox (kind {@code change}). */
    public static String toJson(CanonicalChange change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", change.source());
        m.put("entity", change.entity().wire());
        m.put("action", change.action().wire());
        m.put("sourceId", change.sourceId());
        m.put("fields", change.fields());
        m.put("sourceUpdatedAt", change.sourceUpdatedAt() == null ? null : change.sourceUpdatedAt().toString());
        m.put("eventId", change.eventId());
        return write(m);
    }

    /** Reads a stored change; a malformed one is a permanent error (IllegalArgumentException). */
    @SuppressWarnings("unchecked")
    public static CanonicalChange changeFromJson(String json) {
        Map<String, Object> m = readMap(json);
        try {
            Object updated = m.get("sourceUpdatedAt");
            Object fields = m.get("fields");
            return new CanonicalChange(str(m, "source"), CanonicalChange.Entity.parse(str(m, "entity")),
                    CanonicalChange.Action.parse(str(m, "action")), str(m, "sourceId"),
                    fields instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of(),
                    updated == null ? null : Instant.parse(updated.toString()), (String) m.get("eventId"));
        } catch (NullPointerException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a canonical change: " + e.getMessage(), e);
        }
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.toString();
    }

    public static Map<String, Object> readMap(String json) {
        try {
            Map<String, Object> m = MAPPER.readValue(json, MAP);
            if (m == null) {
                throw new IllegalArgumentException("expected a JSON object, got null");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Keys sorted at every level and null values left out: equal content, equal text. */
    public static String stable(Object value) {
        return write(normalize(value));
    }

    static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    sorted.put(String.valueOf(k), normalize(v));
                }
            });
            return sorted;
        }
        if (value instanceof Iterable<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (value instanceof Instant || value instanceof Enum<?>) {
            return value.toString();
        }
        return value;
    }

    /** SHA-256 (hex) of the stable JSON of the value. */
    public static String hash(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stable(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
