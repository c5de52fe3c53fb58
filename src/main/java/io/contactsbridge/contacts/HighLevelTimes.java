package io.contactsbridge.contacts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The times in Contacts API answers ({@code dateAdded}, {@code dateUpdated}, {@code dueDate}): ISO-8601 with Z or an offset. */
final class HighLevelTimes {
    private HighLevelTimes() {
    }

    /** The instant, or null for a missing or unreadable value (answers are read tolerantly). */
    static Instant parse(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
