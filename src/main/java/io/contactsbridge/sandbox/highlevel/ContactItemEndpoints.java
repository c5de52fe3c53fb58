package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.SimRequests.body;
import static io.contactsbridge.sandbox.highlevel.SimRequests.json;
import static io.contactsbridge.sandbox.highlevel.SimRequests.ok;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/** The writes of a contact's tasks and notes, with the checks of their request schemas. */
final class ContactItemEndpoints {
    static final Set<String> TASK_FIELDS = Set.of("title", "body", "dueDate", "completed", "assignedTo");
    static final Set<String> NOTE_FIELDS = Set.of("userId", "body", "title", "color", "pinned");

    private final HighLevelData data;

    ContactItemEndpoints(HighLevelData data) {
        this.data = data;
    }

    SimResponse createTask(SimRequest r, HighLevelAuth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).required("title").required("dueDate").required("completed")
                .strings(List.of("title", "body", "assignedTo"), false).isoDate("dueDate").bool("completed").done();
        return json(201, Map.of("task", data.items().createTask(contactId, g.locationId(), body)));
    }

    SimResponse updateTask(SimRequest r, HighLevelAuth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).strings(List.of("title", "body", "assignedTo"), false)
                .isoDate("dueDate").bool("completed").done();
        return ok(Map.of("task", data.items().updateTask(contactId, taskId, g.locationId(), body)));
    }

    SimResponse completeTask(SimRequest r, HighLevelAuth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(Set.of("completed")).required("completed").bool("completed").done();
        return ok(Map.of("task", data.items().updateTask(contactId, taskId, g.locationId(), Map.of("completed", body.get("completed")))));
    }

    SimResponse createNote(SimRequest r, HighLevelAuth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).required("body").strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return json(201, Map.of("note", data.items().createNote(contactId, g.locationId(), body)));
    }

    SimResponse updateNote(SimRequest r, HighLevelAuth.Grant g, String contactId, String noteId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return ok(Map.of("note", data.items().updateNote(contactId, noteId, g.locationId(), body)));
    }
}
