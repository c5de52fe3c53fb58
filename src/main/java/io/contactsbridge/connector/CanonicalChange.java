package io.contactsbridge.connector;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One change in a source system, in the same shape whether it came from a webhook or a poll.
 * The event id is the source's own id, or {@code source:entity:id:updatedAt} for polls, so the
 * same change seen twice (webhook, then the poll that heals missed webhooks) is applied once.
 * Entities are open values each connector declares ({@code contact}, {@code client}, {@code time_entry}).
 */
public record CanonicalChange(String source, Entity entity, Action action, String sourceId,
                              Map<String, Object> fields, Instant sourceUpdatedAt, String eventId) {

    /**
     * What kind of record changed, as the connector names it: lower-case words joined by
     * underscores ({@code time_entry}); {@code time-entry} reads the same.
     */
    public record Entity(String wire) {
        public Entity {
            Objects.requireNonNull(wire, "wire");
            wire = wire.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (!wire.matches("[a-z][a-z0-9_]{0,39}")) {
                throw new IllegalArgumentException("an entity is a short lower-case word, not '" + wire + "'");
            }
        }

        public static Entity of(String wire) {
            return new Entity(wire);
        }

        /** Same as {@link #of}: reads {@code time-entry} and {@code TIME_ENTRY} too. */
        public static Entity parse(String s) {
            return new Entity(s);
        }

        @Override
        public String toString() {
            return wire;
        }
    }

    /**
     * Field of {@link #fields()} listing fields this kind of event does not carry at all (HighLevel's
     * TaskCreate has no {@code completed}): what was written there cannot be compared with the change,
     * so telling our own write's echo leaves them out.
     */
    public static final String UNREPORTED_FIELDS = "_unreported";

    public enum Action {
        CREATED, UPDATED, DELETED, COMPLETED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public CanonicalChange {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(sourceId, "sourceId");
        fields = fields == null ? Map.of() : fields;
        if (eventId == null || eventId.isBlank()) {
            eventId = pollEventId(source, entity, sourceId, sourceUpdatedAt);
        }
    }

    /** The id of a polled change: stable for the same record at the same update time. */
    public static String pollEventId(String source, Entity entity, String sourceId, Instant updatedAt) {
        return source + ":" + entity.wire() + ":" + sourceId + ":" + (updatedAt == null ? "-" : updatedAt.toString());
    }

    /** Changes to the same record are applied one at a time, in order. */
    public String recordKey() {
        return recordKey(source, entity, sourceId);
    }

    public static String recordKey(String source, Entity entity, String sourceId) {
        return source + ":" + entity.wire() + ":" + sourceId;
    }
}
