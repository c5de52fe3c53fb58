package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The webhook events a change fires, shaped like HighLevel's examples (webhook-events/*.json), in order. */
final class ChangeEvents {
    /** Fields of a contact's webhook events (webhook-events/Contact*.json). */
    private static final List<String> CONTACT_EVENT_FIELDS = List.of("locationId", "id", "address1", "city", "state",
            "companyName", "country", "source", "dateAdded", "dateOfBirth", "dnd", "email", "name", "firstName",
            "lastName", "phone", "postalCode", "tags", "website", "attachments", "assignedTo", "customFields");
    private static final List<String> TASK_EVENT_FIELDS = List.of("locationId", "id", "assignedTo", "body", "contactId",
            "title", "dateAdded", "dueDate");
    private static final List<String> NOTE_EVENT_FIELDS = List.of("locationId", "id", "body", "contactId", "dateAdded");

    private final Consumer<Map<String, Object>> events;

    ChangeEvents(Consumer<Map<String, Object>> events) {
        this.events = events;
    }

    void contact(String type, Map<String, Object> c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : CONTACT_EVENT_FIELDS) {
            if (f.equals("attachments")) {
                e.put("attachments", List.of());
            } else if (c.containsKey(f)) {
                e.put(f, SimValues.copy(c.get(f)));
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
}
