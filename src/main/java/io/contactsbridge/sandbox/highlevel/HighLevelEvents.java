package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelValues.copy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The webhook events a change fires, shaped like HighLevel's (webhook-events/*.json): the event
 * {@code type}, then the documented fields of the record. Handed, in the order the changes happened, to
 * the webhook sender.
 */
final class HighLevelEvents {
    /** Fields of a contact's webhook events (webhook-events/Contact*.json). */
    private static final List<String> CONTACT_EVENT_FIELDS = List.of("locationId", "id", "address1", "city", "state",
            "companyName", "country", "source", "dateAdded", "dateOfBirth", "dnd", "email", "name", "firstName",
            "lastName", "phone", "postalCode", "tags", "website", "attachments", "assignedTo", "customFields");
    private static final List<String> TASK_EVENT_FIELDS = List.of("locationId", "id", "assignedTo", "body", "contactId",
            "title", "dateAdded", "dueDate");
    private static final List<String> NOTE_EVENT_FIELDS = List.of("locationId", "id", "body", "contactId", "dateAdded");

    /** Fields of an appointment event's {@code appointment} object (webhook-events/Appointment*.json). */
    private static final List<String> APPOINTMENT_EVENT_FIELDS = List.of("id", "address", "title", "calendarId",
            "contactId", "groupId", "appointmentStatus", "assignedUserId", "users", "notes", "source", "startTime",
            "endTime", "dateAdded", "dateUpdated");
    private static final DateTimeFormatter STORED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Consumer<Map<String, Object>> events;

    HighLevelEvents(Consumer<Map<String, Object>> events) {
        this.events = events;
    }

    void contact(String type, Map<String, Object> c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : CONTACT_EVENT_FIELDS) {
            if (f.equals("attachments")) {
                e.put("attachments", List.of());
            } else if (c.containsKey(f)) {
                e.put(f, copy(c.get(f)));
            }
        }
        events.accept(e);
    }

    void task(String type, Map<String, Object> t, String locationId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : TASK_EVENT_FIELDS) {
            Object v = f.equals("locationId") ? locationId : t.get(f);
            if (v != null) {
                e.put(f, v);
            }
        }
        events.accept(e);
    }

    void note(String type, Map<String, Object> n, String locationId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : NOTE_EVENT_FIELDS) {
            Object v = f.equals("locationId") ? locationId : n.get(f);
            if (v != null) {
                e.put(f, v);
            }
        }
        events.accept(e);
    }

    /** AppointmentCreate/Update/Delete: the appointment under {@code appointment}, its times with an offset. */
    void appointment(String type, Map<String, Object> a, String locationId) {
        Map<String, Object> appointment = new LinkedHashMap<>();
        for (String f : APPOINTMENT_EVENT_FIELDS) {
            Object v = f.equals("source") ? "booking_widget" : a.get(f);
            if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
                v = LocalDateTime.parse(s, STORED).atOffset(ZoneOffset.UTC).toString();
            }
            if (v != null) {
                appointment.put(f, copy(v));
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("locationId", locationId);
        e.put("appointment", appointment);
        events.accept(e);
    }
}
