package io.contactsbridge.sandbox.highlevel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The records that hang off a contact: its tasks, notes and appointments (appointments are
 * read-only in the Contacts API). Under the contacts' lock, so a contact and its records change together.
 */
final class ContactItems {
    private final Map<String, Map<String, Map<String, Object>>> tasks = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> notes = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> appointments = new LinkedHashMap<>();
    private final HighLevelData contacts;
    private final ChangeEvents events;
    private final LongSupplier clock;

    ContactItems(HighLevelData contacts, ChangeEvents events, LongSupplier clock) {
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
    }

    /** Forgets a deleted contact's records (call with the lock held). */
    void removeContact(String contactId) {
        tasks.remove(contactId);
        notes.remove(contactId);
        appointments.remove(contactId);
    }

    /** Forgets every record (call with the lock held). */
    void clear() {
        tasks.clear();
        notes.clear();
        appointments.clear();
    }

    List<Map<String, Object>> tasks(String contactId, String locationId) {
        synchronized (contacts.lock()) {
            contacts.require(contactId, locationId);
            return tasks.getOrDefault(contactId, Map.of()).values().stream().map(SimValues::copy).toList();
        }
    }

    Map<String, Object> task(String contactId, String taskId, String locationId) {
        synchronized (contacts.lock()) {
            return SimValues.copy(requireTask(contactId, taskId, locationId));
        }
    }

    Map<String, Object> createTask(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (contacts.lock()) {
            contacts.require(contactId, locationId);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", SimValues.newId());
            t.put("title", null);
            t.put("body", null);
            t.put("assignedTo", null);
            t.put("dueDate", null);
            t.put("completed", false);
            t.put("contactId", contactId);
            t.put("dateAdded", contacts.stamp());
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            tasks.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) t.get("id"), t);
            events.task("TaskCreate", t, contacts.locationOf(contactId));
            if (Boolean.TRUE.equals(t.get("completed"))) {
                events.task("TaskComplete", t, contacts.locationOf(contactId));
            }
            return SimValues.copy(t);
        }
    }

    /** Updates a task; completing it (false to true) fires TaskComplete (HighLevel has no TaskUpdate webhook). */
    Map<String, Object> updateTask(String contactId, String taskId, String locationId, Map<String, Object> fields) {
        synchronized (contacts.lock()) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            boolean wasCompleted = Boolean.TRUE.equals(t.get("completed"));
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            if (!wasCompleted && Boolean.TRUE.equals(t.get("completed"))) {
                events.task("TaskComplete", t, contacts.locationOf(contactId));
            }
            return SimValues.copy(t);
        }
    }

    void deleteTask(String contactId, String taskId, String locationId) {
        synchronized (contacts.lock()) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            tasks.get(contactId).remove(taskId);
            events.task("TaskDelete", t, contacts.locationOf(contactId));
        }
    }

    private void applyTask(Map<String, Object> t, Map<String, Object> fields) {
        fields.forEach((k, v) -> t.put(k, k.equals("dueDate") && v instanceof String s ? SimValues.normaliseInstant(s) : v));
    }

    // ------------------------------------------------------------------ notes

    List<Map<String, Object>> notes(String contactId, String locationId) {
        synchronized (contacts.lock()) {
            contacts.require(contactId, locationId);
            return notes.getOrDefault(contactId, Map.of()).values().stream().map(SimValues::copy).toList();
        }
    }

    Map<String, Object> note(String contactId, String noteId, String locationId) {
        synchronized (contacts.lock()) {
            return SimValues.copy(requireNote(contactId, noteId, locationId));
        }
    }

    Map<String, Object> createNote(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (contacts.lock()) {
            contacts.require(contactId, locationId);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", SimValues.newId());
            n.put("body", null);
            n.put("userId", null);
            n.put("dateAdded", contacts.stamp());
            n.put("contactId", contactId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            notes.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) n.get("id"), n);
            events.note("NoteCreate", n, contacts.locationOf(contactId));
            return SimValues.copy(n);
        }
    }

    Map<String, Object> updateNote(String contactId, String noteId, String locationId, Map<String, Object> fields) {
        synchronized (contacts.lock()) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            events.note("NoteUpdate", n, contacts.locationOf(contactId));
            return SimValues.copy(n);
        }
    }

    void deleteNote(String contactId, String noteId, String locationId) {
        synchronized (contacts.lock()) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            notes.get(contactId).remove(noteId);
            events.note("NoteDelete", n, contacts.locationOf(contactId));
        }
    }

    // ------------------------------------------------------------------ appointments (read-only in the API)

    List<Map<String, Object>> appointments(String contactId, String locationId) {
        synchronized (contacts.lock()) {
            contacts.require(contactId, locationId);
            return appointments.getOrDefault(contactId, List.of()).stream().map(SimValues::copy).toList();
        }
    }

    Map<String, Object> addAppointment(String contactId, String title, Instant start, Instant end, String status) {
        synchronized (contacts.lock()) {
            Map<String, Object> c = contacts.stored(contactId);
            if (c == null) {
                throw new IllegalArgumentException("no contact " + contactId);
            }
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
            String now = f.format(Instant.ofEpochMilli(clock.getAsLong()));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", SimValues.newId());
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
            return SimValues.copy(e);
        }
    }

    private Map<String, Object> requireTask(String contactId, String taskId, String locationId) {
        contacts.require(contactId, locationId);
        Map<String, Object> t = tasks.getOrDefault(contactId, Map.of()).get(taskId);
        if (t == null) {
            throw ApiError.notFound("Task not found");
        }
        return t;
    }

    private Map<String, Object> requireNote(String contactId, String noteId, String locationId) {
        contacts.require(contactId, locationId);
        Map<String, Object> n = notes.getOrDefault(contactId, Map.of()).get(noteId);
        if (n == null) {
            throw ApiError.notFound("Note not found");
        }
        return n;
    }
}
