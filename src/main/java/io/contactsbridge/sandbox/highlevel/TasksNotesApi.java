package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.body;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.json;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.ok;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/** A contact's tasks, notes and appointments in the Contacts API (bodies checked like HighLevel's DTOs). */
final class TasksNotesApi {
    static final Set<String> TASK_FIELDS = Set.of("title", "body", "dueDate", "completed", "assignedTo");
    static final Set<String> NOTE_FIELDS = Set.of("userId", "body", "title", "color", "pinned");

    private final ContactItems items;

    TasksNotesApi(ContactItems items) {
        this.items = items;
    }

    SimResponse tasks(Auth.Grant g, String contactId) {
        return ok(Map.of("tasks", items.tasks(contactId, g.account())));
    }

    SimResponse task(Auth.Grant g, String contactId, String taskId) {
        return ok(Map.of("task", items.task(contactId, taskId, g.account())));
    }

    SimResponse createTask(SimRequest r, Auth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).required("title").required("dueDate").required("completed")
                .strings(List.of("title", "body", "assignedTo"), false).isoDate("dueDate").bool("completed").done();
        return json(201, Map.of("task", items.createTask(contactId, g.account(), body)));
    }

    SimResponse updateTask(SimRequest r, Auth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).strings(List.of("title", "body", "assignedTo"), false)
                .isoDate("dueDate").bool("completed").done();
        return ok(Map.of("task", items.updateTask(contactId, taskId, g.account(), body)));
    }

    SimResponse completeTask(SimRequest r, Auth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(Set.of("completed")).required("completed").bool("completed").done();
        return ok(Map.of("task", items.updateTask(contactId, taskId, g.account(), Map.of("completed", body.get("completed")))));
    }

    SimResponse deleteTask(Auth.Grant g, String contactId, String taskId) {
        items.deleteTask(contactId, taskId, g.account());
        return ok(Map.of("succeded", true));
    }

    SimResponse notes(Auth.Grant g, String contactId) {
        return ok(Map.of("notes", items.notes(contactId, g.account())));
    }

    SimResponse note(Auth.Grant g, String contactId, String noteId) {
        return ok(Map.of("note", items.note(contactId, noteId, g.account())));
    }

    SimResponse createNote(SimRequest r, Auth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).required("body").strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return json(201, Map.of("note", items.createNote(contactId, g.account(), body)));
    }

    SimResponse updateNote(SimRequest r, Auth.Grant g, String contactId, String noteId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return ok(Map.of("note", items.updateNote(contactId, noteId, g.account(), body)));
    }

    SimResponse deleteNote(Auth.Grant g, String contactId, String noteId) {
        items.deleteNote(contactId, noteId, g.account());
        return ok(Map.of("succeded", true));
    }

    SimResponse appointments(Auth.Grant g, String contactId) {
        return ok(Map.of("events", items.appointments(contactId, g.account())));
    }
}
