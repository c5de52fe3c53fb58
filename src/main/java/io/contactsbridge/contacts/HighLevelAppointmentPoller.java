package io.contactsbridge.contacts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.contacts.webhook.HighLevelEntities;
import io.contactsbridge.sync.SyncLinks;
import org.apache.camel.CamelContext;

/**
 * Appointments in the poll cycle, healing missed Appointment* webhooks: {@code get-appointments-for-contact}
 * for each contact linked to a record of the configured kinds ({@value #FOR}, e.g. {@code toggl:client}),
 * one call per such contact. An appointment changed since the watermark (less an overlap) becomes an
 * {@code appointment} change; the first poll takes the upcoming ones. An appointment the bridge
 * linked under the contact (its note) that the read no longer has was deleted: a {@code deleted} change,
 * healing a missed AppointmentDelete.
 */
public class HighLevelAppointmentPoller implements SourcePoller {
    /** Comma-separated {@code system:entity} whose linked contacts' appointments are polled; empty: none. */
    public static final String FOR = "highlevel.poll-appointments-for";
    static final String OPERATION = "get-appointments-for-contact";
    static final Duration OVERLAP = Duration.ofMinutes(2);
    private static final DateTimeFormatter READ_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CamelContext context;
    private final Operations operations;
    private final List<String[]> linkedKinds;

    public HighLevelAppointmentPoller(CamelContext context, Operations operations, String linkedKinds) {
        this.context = context;
        this.operations = operations;
        this.linkedKinds = new ArrayList<>();
        for (String kind : linkedKinds.split(",")) {
            String[] parts = kind.trim().split(":");
            if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
                this.linkedKinds.add(new String[] {parts[0].trim(), parts[1].trim()});
            }
        }
    }

    @Override
    public String source() {
        return HighLevelConnector.ID + "-appointments";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Result poll(String watermark) {
        Instant now = Instant.now();
        Instant since = watermark == null ? null : Instant.parse(watermark).minus(OVERLAP);
        SyncLinks links = context.getRegistry().lookupByNameAndType("syncLinks", SyncLinks.class);
        Set<String> contacts = new LinkedHashSet<>();
        for (String[] kind : linkedKinds) {
            if (links != null) {
                contacts.addAll(links.hubRecordsLinkedWith(HighLevelEntities.CONTACT.wire(), kind[0], kind[1]));
            }
        }
        List<CanonicalChange> changes = new ArrayList<>();
        for (String contactId : contacts) {
            Object events = operations.callForMap(OPERATION, Map.of("contactId", contactId), null).get("events");
            Set<String> read = new LinkedHashSet<>();
            for (Object e : events instanceof List<?> l ? l : List.of()) {
                Map<String, Object> appointment = new LinkedHashMap<>((Map<String, Object>) e);
                Object id = appointment.get("id");
                Instant updated = time(appointment.get("dateUpdated"));
                Instant end = time(appointment.get("endTime"));
                boolean wanted = since == null ? end != null && end.isAfter(now) : updated == null || !updated.isBefore(since);
                if (id != null) {
                    read.add(id.toString());
                }
                if (id == null || !wanted) {
                    continue;
                }
                appointment.putIfAbsent("contactId", contactId);
                boolean created = updated != null && updated.equals(time(appointment.get("dateAdded")));
                changes.add(new CanonicalChange(HighLevelConnector.ID, HighLevelEntities.APPOINTMENT,
                        created ? CanonicalChange.Action.CREATED : CanonicalChange.Action.UPDATED, id.toString(),
                        appointment, updated, null));
            }
            if (links != null) {
                for (String gone : links.externalIdsWithTargetParent(HighLevelConnector.ID, HighLevelEntities.APPOINTMENT.wire(), contactId)) {
                    if (!read.contains(gone)) {
                        changes.add(new CanonicalChange(HighLevelConnector.ID, HighLevelEntities.APPOINTMENT,
                                CanonicalChange.Action.DELETED, gone, Map.of("id", gone, "contactId", contactId), null, null));
                    }
                }
            }
        }
        return new Result(changes, now.toString());
    }

    /** ISO-8601 with an offset, or the reads' {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    static Instant time(Object value) {
        Instant iso = HighLevelTimes.parse(value);
        if (iso != null || value == null) {
            return iso;
        }
        try {
            return LocalDateTime.parse(value.toString().trim(), READ_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
