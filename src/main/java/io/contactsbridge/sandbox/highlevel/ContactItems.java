package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelValues.copy;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.newId;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.normaliseInstant;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What hangs off a contact: its tasks, notes and appointments (read-only in the Contacts API), under
 * the records' one lock. Deleting the contact deletes them (without events, as HighLevel does).
 */
final class ContactItems {
    private final HighLevelData data;
    private final Object lock;
    private final LongSupplier clock;
    private final HighLevelEvents events;
    private final Map<String, Map<String, Map<String, Object>>> tasks = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> notes = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> appointments = new LinkedHashMap<>();

    ContactItems(HighLevelData data, Object lock, LongSupplier clock, HighLevelEvents events) {
        this.data = data;
        this.lock = lock;
        this.clock = clock;
        this.events = events;
    }

    /** Drops everything of one contact (the caller holds the lock). */
    void removeAll(String contactId) {
        tasks.remove(contactId);
        notes.remove(contactId);
        appointments.remove(contactId);
    }

    void clear() {
        tasks.clear();
        notes.clear();
        appointments.clear();
    }

    // ------------------------------------------------------------------ tasks

    List<Map<String, Object>> tasks(String contactId, String locationId) {
        synchronized (lock) {
            data.require(contactId, locationId);
            return tasks.getOrDefault(contactId, Map.of()).values().stream().map(HighLevelValues::copy).toList();
        }
    }

    Map<String, Object> task(String contactId, String taskId, String locationId) {
        synchronized (lock) {
            return copy(requireTask(contactId, taskId, locationId));
        }
    }

    Map<String, Object> createTask(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            data.require(contactId, locationId);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", newId());
            t.put("title", null);
            t.put("body", null);
            t.put("assignedTo", null);
            t.put("dueDate", null);
            t.put("completed", false);
            t.put("contactId", contactId);
            t.put("dateAdded", data.stamp());
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            tasks.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) t.get("id"), t);
            events.task("TaskCreate", t, data.locationOf(contactId));
            if (Boolean.TRUE.equals(t.get("completed"))) {
                events.task("TaskComplete", t, data.locationOf(contactId));
            }
            return copy(t);
        }
    }

    /** Updates a task; completing it (false to true) fires TaskComplete (HighLevel has no TaskUpdate webhook). */
    Map<String, Object> updateTask(String contactId, String taskId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            boolean wasCompleted = Boolean.TRUE.equals(t.get("completed"));
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            if (!wasCompleted && Boolean.TRUE.equals(t.get("completed"))) {
                events.task("TaskComplete", t, data.locationOf(contactId));
            }
            return copy(t);
        }
    }

    void deleteTask(String contactId, String taskId, String locationId) {
        synchronized (lock) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            tasks.get(contactId).remove(taskId);
            events.task("TaskDelete", t, data.locationOf(contactId));
        }
    }

    private void applyTask(Map<String, Object> t, Map<String, Object> fields) {
        fields.forEach((k, v) -> t.put(k, k.equals("dueDate") && v instanceof String s ? normaliseInstant(s) : v));
    }

    // ------------------------------------------------------------------ notes

    List<Map<String, Object>> notes(String contactId, String locationId) {
        synchronized (lock) {
            data.require(contactId, locationId);
            return notes.getOrDefault(contactId, Map.of()).values().stream().map(HighLevelValues::copy).toList();
        }
    }

    Map<String, Object> note(String contactId, String noteId, String locationId) {
        synchronized (lock) {
            return copy(requireNote(contactId, noteId, locationId));
        }
    }

    Map<String, Object> createNote(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            data.require(contactId, locationId);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", newId());
            n.put("body", null);
            n.put("userId", null);
            n.put("dateAdded", data.stamp());
            n.put("contactId", contactId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            notes.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) n.get("id"), n);
            events.note("NoteCreate", n, data.locationOf(contactId));
            return copy(n);
        }
    }

    Map<String, Object> updateNote(String contactId, String noteId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            events.note("NoteUpdate", n, data.locationOf(contactId));
            return copy(n);
        }
    }

    void deleteNote(String contactId, String noteId, String locationId) {
        synchronized (lock) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            notes.get(contactId).remove(noteId);
            events.note("NoteDelete", n, data.locationOf(contactId));
        }
    }

    // ------------------------------------------------------------------ appointments (read-only in the API)

    List<Map<String, Object>> appointments(String contactId, String locationId) {
        synchronized (lock) {
            data.require(contactId, locationId);
            return appointments.getOrDefault(contactId, List.of()).stream().map(HighLevelValues::copy).toList();
        }
    }

    Map<String, Object> addAppointment(String contactId, String title, Instant start, Instant end, String status) {
        synchronized (lock) {
            Map<String, Object> c = data.contact(contactId).orElse(null);
            if (c == null) {
                throw new IllegalArgumentException("no contact " + contactId);
            }
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
            String now = f.format(Instant.ofEpochMilli(clock.getAsLong()));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", newId());
            e.put("calendarId", "sandbox-calendar");
            e.put("status", status);
            e.put("title", title);
            e.put("assignedUserId", HighLevelAuth.USER_ID);
            e.put("notes", "");
            e.put("startTime", f.format(start));
            e.put("endTime", f.format(end));
            e.put("address", "");
            e.put("locationId", c.get("locationId"));
            e.put("contactId", contactId);
            e.put("groupId", "sandbox-group");
            e.put("appointmentStatus", status);
            e.put("users", List.of(HighLevelAuth.USER_ID));
            e.put("dateAdded", now);
            e.put("dateUpdated", now);
            e.put("assignedResources", List.of());
            appointments.computeIfAbsent(contactId, k -> new ArrayList<>()).add(e);
            return copy(e);
        }
    }

    /** Books an appointment as a user does in HighLevel's calendar: AppointmentCreate goes out. */
    Map<String, Object> bookAppointment(String contactId, String title, Instant start, Instant end) {
        synchronized (lock) {
            Map<String, Object> e = addAppointment(contactId, title, start, end, "confirmed");
            events.appointment("AppointmentCreate", e, data.locationOf(contactId));
            return e;
        }
    }

    /** Changes an appointment (title, startTime, endTime as instants, appointmentStatus): AppointmentUpdate goes out. */
    Map<String, Object> updateAppointment(String contactId, String appointmentId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> e = requireAppointment(contactId, appointmentId);
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
            fields.forEach((k, v) -> e.put(k, v instanceof Instant i ? f.format(i) : v));
            if (fields.containsKey("appointmentStatus")) {
                e.put("status", fields.get("appointmentStatus"));
            }
            e.put("dateUpdated", f.format(Instant.ofEpochMilli(clock.getAsLong())));
            events.appointment("AppointmentUpdate", e, data.locationOf(contactId));
            return copy(e);
        }
    }

    /** Deletes an appointment: AppointmentDelete goes out. */
    void deleteAppointment(String contactId, String appointmentId) {
        synchronized (lock) {
            Map<String, Object> e = requireAppointment(contactId, appointmentId);
            appointments.get(contactId).remove(e);
            events.appointment("AppointmentDelete", e, data.locationOf(contactId));
        }
    }

    private Map<String, Object> requireAppointment(String contactId, String appointmentId) {
        return appointments.getOrDefault(contactId, List.of()).stream().filter(a -> appointmentId.equals(a.get("id")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no appointment " + appointmentId));
    }

    private Map<String, Object> requireTask(String contactId, String taskId, String locationId) {
        data.require(contactId, locationId);
        Map<String, Object> t = tasks.getOrDefault(contactId, Map.of()).get(taskId);
        if (t == null) {
            throw ApiError.notFound("Task not found");
        }
        return t;
    }

    private Map<String, Object> requireNote(String contactId, String noteId, String locationId) {
        data.require(contactId, locationId);
        Map<String, Object> n = notes.getOrDefault(contactId, Map.of()).get(noteId);
        if (n == null) {
            throw ApiError.notFound("Note not found");
        }
        return n;
    }
}
