package io.contactsbridge.sandbox.highlevel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighLevelSimulatorTasksNotesTest extends SimulatorTestBase {

    @Test
    void createsListsUpdatesCompletesAndDeletesTasks() {
        String contact = createContact("Task", "Owner", "task@owner.example", null);
        SimClient.Res created = api.post("/contacts/" + contact + "/tasks",
                Map.of("title", "Call back", "body", "about the quote", "dueDate", "2030-10-25T11:00:00Z", "completed", false));
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> task = created.map("task");
        String taskId = (String) task.get("id");
        assertThat(task).containsEntry("title", "Call back").containsEntry("body", "about the quote")
                .containsEntry("dueDate", "2030-10-25T11:00:00.000Z").containsEntry("completed", false)
                .containsEntry("contactId", contact);

        assertThat(api.get("/contacts/" + contact + "/tasks").list("tasks")).extracting(t -> t.get("id")).containsExactly(taskId);
        assertThat(api.get("/contacts/" + contact + "/tasks/" + taskId).map("task")).isEqualTo(task);

        SimClient.Res updated = api.put("/contacts/" + contact + "/tasks/" + taskId, Map.of("title", "Call back today"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.map("task")).containsEntry("title", "Call back today").containsEntry("completed", false);

        SimClient.Res completed = api.put("/contacts/" + contact + "/tasks/" + taskId + "/completed", Map.of("completed", true));
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.map("task")).containsEntry("completed", true);
        assertThat(sim.tasks(contact)).singleElement().satisfies(t -> assertThat(t).containsEntry("completed", true));

        SimClient.Res deleted = api.delete("/contacts/" + contact + "/tasks/" + taskId);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).isEqualTo(Map.of("succeded", true));
        assertThat(api.get("/contacts/" + contact + "/tasks/" + taskId).status()).isEqualTo(404);
        assertThat(api.get("/contacts/" + contact + "/tasks").list("tasks")).isEmpty();
    }

    @Test
    void refusesTasksWithoutTheRequiredFields() {
        String contact = createContact("Task", "Rules", "task@rules.example", null);
        SimClient.Res r = api.post("/contacts/" + contact + "/tasks", Map.of("body", "x", "dueDate", "tomorrow", "contactId", contact));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.messages()).contains("title should not be empty", "completed should not be empty",
                "dueDate must be a valid ISO 8601 date string", "property contactId should not exist");
        assertThat(api.put("/contacts/" + contact + "/tasks/x/completed", Map.of()).status()).isEqualTo(422);
        assertThat(api.post("/contacts/missing/tasks", Map.of("title", "t", "dueDate", "2030-01-01T00:00:00Z", "completed", false))
                .status()).isEqualTo(404);
        assertThat(sim.tasks(contact)).isEmpty();
    }

    @Test
    void createsListsUpdatesAndDeletesNotes() {
        String contact = createContact("Note", "Owner", "note@owner.example", null);
        SimClient.Res created = api.post("/contacts/" + contact + "/notes", Map.of("body", "first words", "userId", "u1"));
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> note = created.map("note");
        String noteId = (String) note.get("id");
        assertThat(note).containsEntry("body", "first words").containsEntry("userId", "u1").containsEntry("contactId", contact)
                .containsKey("dateAdded");
        assertThat(api.get("/contacts/" + contact + "/notes").list("notes")).extracting(n -> n.get("id")).containsExactly(noteId);
        assertThat(api.get("/contacts/" + contact + "/notes/" + noteId).map("note")).isEqualTo(note);
        SimClient.Res updated = api.put("/contacts/" + contact + "/notes/" + noteId, Map.of("body", "second words"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.map("note")).containsEntry("body", "second words").containsEntry("dateAdded", note.get("dateAdded"));
        assertThat(sim.notes(contact)).singleElement().satisfies(n -> assertThat(n).containsEntry("body", "second words"));
        assertThat(api.delete("/contacts/" + contact + "/notes/" + noteId).json()).isEqualTo(Map.of("succeded", true));
        assertThat(api.get("/contacts/" + contact + "/notes/" + noteId).status()).isEqualTo(404);
        assertThat(api.post("/contacts/" + contact + "/notes", Map.of("title", "no body")).messages())
                .containsExactly("body should not be empty");
    }

    @Test
    void listsSeededAppointments() {
        String contact = createContact("Appt", "Owner", "appt@owner.example", null);
        Instant start = Instant.parse("2030-07-16T11:00:00Z");
        sim.addAppointment(contact, "Demo", start, start.plus(Duration.ofMinutes(30)));
        SimClient.Res r = api.get("/contacts/" + contact + "/appointments");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.list("events")).singleElement().satisfies(e -> assertThat(e).containsEntry("title", "Demo")
                .containsEntry("startTime", "2030-07-16 11:00:00").containsEntry("endTime", "2030-07-16 11:30:00")
                .containsEntry("contactId", contact).containsEntry("status", "booked"));
    }

    @Test
    void deletingAContactTakesItsTasksAndNotes() {
        String contact = createContact("Gone", "Soon", "gone@soon.example", null);
        sim.userCreateTask(contact, Map.of("title", "t", "dueDate", "2030-01-01T00:00:00Z", "completed", false));
        sim.userCreateNote(contact, "n");
        api.delete("/contacts/" + contact);
        assertThat(sim.tasks(contact)).isEmpty();
        assertThat(sim.notes(contact)).isEmpty();
        assertThat(api.get("/contacts/" + contact + "/notes").status()).isEqualTo(404);
    }

    @Test
    void seedsDemoData() {
        sim.seedDemoData();
        List<Map<String, Object>> contacts = sim.contacts(HighLevelSimulator.LOCATION_ID);
        assertThat(contacts).hasSizeGreaterThanOrEqualTo(5).allSatisfy(c -> assertThat(c).containsKeys("email", "phone", "companyName"));
        String ada = (String) contacts.get(0).get("id");
        assertThat(sim.tasks(ada)).isNotEmpty();
        assertThat(sim.notes(ada)).isNotEmpty();
        assertThat(sim.appointments(ada)).isNotEmpty();
        assertThat(api.get("/contacts/?locationId=sandbox-location").list("contacts")).hasSize(contacts.size());
    }
}
