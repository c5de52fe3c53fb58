package io.contactsbridge.sync;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One change in a source system, in the same shape whether it came from a webhook or a poll.
 * The event id is the source's own id, or {@code source:entity:id:updatedAt} for polls, so the
 * same change seen twice (webhook, then the poll that heals missed webhooks) is applied once.
 */
public record CanonicalChange(String source, Entity entity, Action action, String sourceId,
                              Map<String, Object> fields, Instant sourceUpdatedAt, String eventId) {

    public enum Entity {
        CONTACT, CLIENT, LEAD, TASK, NOTE, TAG, APPOINTMENT, TIME_ENTRY, PROJECT, WORKSPACE, PROJECT_USER;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Entity parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

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
