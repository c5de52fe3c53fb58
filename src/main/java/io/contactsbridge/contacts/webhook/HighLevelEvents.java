package io.contactsbridge.contacts.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.Rfc3339;

/**
 * Reading ids and times out of a HighLevel webhook body, shared by the receiver (which derives
 * the inbox's event id and record key) and the translator (which must derive the same ones).
 */
public final class HighLevelEvents {
    public static final String SOURCE = "highlevel";
    /** Longest id accepted from a body (the inbox's columns hold 300 characters). */
    static final int MAX_ID_LENGTH = 200;

    private HighLevelEvents() {
    }

    /**
     * The event id: the body's {@code webhookId}; a body without one (the docs' examples have
     * none) gets {@code sha256:<hex of the raw body>}, so a replay of the same bytes is still
     * refused by the inbox.
     */
    public static String eventId(ObjectNode body, String rawText) {
        return id(body.get("webhookId")).orElseGet(() -> "sha256:" + sha256Hex(rawText));
    }

    /**
     * The inbox record key: a contact's events (contact, tags, its tasks and notes) share
     * {@code highlevel:contact:<contactId>}, so they are applied one at a time, in order; an
     * appointment's are keyed {@code highlevel:appointment:<id>}, like the poll's changes of it.
     * A task or note without {@code contactId} (TaskCreate has arrived so) is keyed by its own id;
     * null when the body names no record at all.
     */
    public static String recordKey(Optional<HighLevelEventType> type, ObjectNode body) {
        Optional<String> contact;
        Optional<String> own = Optional.empty();
        Entity ownEntity = null;
        if (type.isEmpty()) {
            contact = id(body.get("contactId"));
        } else {
            switch (type.get().shape()) {
                case CONTACT -> contact = id(body.get("id"));
                case CONTACT_CHILD -> {
                    contact = id(body.get("contactId"));
                    own = id(body.get("id"));
                    ownEntity = type.get().entity();
                }
                default -> {
                    // an appointment is also read by the poll (keyed by its own id): the webhook's
                    // change must queue behind the same key, or both could create its target at once
                    JsonNode appointment = body.path("appointment");
                    own = id(appointment.get("id"));
                    contact = own.isPresent() ? Optional.empty() : id(appointment.get("contactId"));
                    ownEntity = HighLevelEntities.APPOINTMENT;
                }
            }
        }
        if (contact.isPresent()) {
            return CanonicalChange.recordKey(SOURCE, HighLevelEntities.CONTACT, contact.get());
        }
        if (own.isPresent()) {
            return CanonicalChange.recordKey(SOURCE, ownEntity, own.get());
        }
        return null;
    }

    /** A usable id: a non-blank string (or a number) of printable characters, at most 200 long. */
    static Optional<String> id(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            return Optional.empty();
        }
        String s = node.asText().trim();
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH || !s.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * A time in a body: ISO-8601 with offset ({@code 2021-11-26T12:41:02.193Z},
     * {@code 2023-09-25T16:00:00+05:30}) or epoch milliseconds / seconds (number or digits).
     */
    static Optional<Instant> time(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.asLong() >= 0 ? Optional.of(epoch(node.asLong())) : Optional.empty();
        }
        if (!node.isTextual()) {
            return Optional.empty();
        }
        String s = node.asText().trim();
        if (s.matches("\\d{1,16}")) {
            return Optional.of(epoch(Long.parseLong(s)));
        }
        try {
            return Optional.of(Rfc3339.instant(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Milliseconds from 1973 on; smaller numbers are seconds. */
    private static Instant epoch(long n) {
        return n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
