package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.hubstaff.HubstaffSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Hubstaff flows in routes/ end to end: Hubstaff simulator -> poll or webhook -> bridge -> HighLevel simulator, and back. */
class HubstaffFlowsTest {
    static HubstaffTestSupport t;

    @BeforeAll
    static void start() {
        t = new HubstaffTestSupport(Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> t.hubstaff.webhooks().stream().anyMatch(w -> "active".equals(w.get("status"))));
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** A client synced to its contact (one poll); the contact's id. */
    static String syncedClient(Map<String, Object> client, String email) throws Exception {
        t.poll();
        t.drain();
        Map<String, Object> contact = t.contactWithEmail(email);
        assertThat(contact).as("contact of " + client.get("name") + "; audit " + t.audit()).isNotNull();
        return (String) contact.get("id");
    }

    @Test
    void aClientBecomesAContactAndAQuietRepollWritesNothing() throws Exception {
        t.hubstaff.createClient("Umbrella Ltd", "ops@umbrella.example", "+44 20 7946 0000", "1 High St");
        String contactId = syncedClient(Map.of("name", "Umbrella Ltd"), "ops@umbrella.example");
        Map<String, Object> contact = t.highlevel.contact(contactId).orElseThrow();
        assertThat(contact.get("companyName")).isEqualTo("Umbrella Ltd");
        assertThat(contact.get("firstName")).isNull();
        assertThat(contact.get("phone")).isNotNull();
        assertThat(contact.get("address1")).isEqualTo("1 High St");
        assertThat(String.valueOf(contact.get("tags"))).contains("hubstaff-client");

        // a quiet cycle: nothing changed in Hubstaff, so nothing is stored and nothing written anywhere
        t.poll();
        t.drain();
        RequestLog hubstaffLog = t.bridge.simulators().log("hubstaff");
        RequestLog highlevelLog = t.bridge.simulators().log("highlevel");
        hubstaffLog.clear();
        highlevelLog.clear();
        var quiet = t.poll();
        t.drain();
        assertThat(quiet.changes()).isZero();
        assertThat(quiet.stored()).isZero();
        assertThat(hubstaffLog.entries()).as("a handful of reads").hasSizeLessThanOrEqualTo(6)
                .allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));
        assertThat(highlevelLog.entries()).noneMatch(e -> !e.method().equals("GET") && !e.path().endsWith("/search"));
    }

    @Test
    void anArchivedClientGetsTheArchiveTagAndAPersonNameIsSplit() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Milton Waddams", "milton@basement.example", null, null);
        String contactId = syncedClient(client, "milton@basement.example");
        Map<String, Object> contact = t.highlevel.contact(contactId).orElseThrow();
        assertThat(contact.get("firstName")).isEqualTo("Milton");
        assertThat(contact.get("lastName")).isEqualTo("Waddams");
        t.hubstaff.updateClient(HubstaffSimulator.id(client), Map.of("status", "archived"));
        t.poll();
        t.drain();
        assertThat(String.valueOf(t.highlevel.contact(contactId).orElseThrow().get("tags"))).contains("hubstaff-archived");
    }

    @Test
    void aTodoBecomesAContactTaskIsCompletedAndDeleted() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Todo Test GmbH", "todo@test.example", null, null);
        Map<String, Object> project = t.hubstaff.createProject("Relaunch", HubstaffSimulator.id(client));
        String contactId = syncedClient(client, "todo@test.example");
        Map<String, Object> todo = t.hubstaff.createTask(HubstaffSimulator.id(project), "Draft the sitemap", "Pages and redirects", "2027-01-15");
        t.poll();
        t.drain();
        Map<String, Object> task = t.highlevel.tasks(contactId).stream().filter(x -> "Draft the sitemap".equals(x.get("title")))
                .findFirst().orElseThrow(() -> new AssertionError("no task; audit " + t.audit()));
        assertThat(task.get("body")).isEqualTo("Pages and redirects");
        assertThat(String.valueOf(task.get("dueDate"))).startsWith("2027-01-15");
        assertThat(task.get("completed")).isEqualTo(false);

        t.hubstaff.editTask(HubstaffSimulator.id(todo), Map.of("status", "completed"));
        t.poll();
        t.drain();
        assertThat(t.highlevel.tasks(contactId)).filteredOn(x -> "Draft the sitemap".equals(x.get("title")))
                .singleElement().satisfies(x -> assertThat(x.get("completed")).isEqualTo(true));
        assertThat(t.audit()).anyMatch(a -> a.startsWith("hubstaff-todo-to-contact-task|todo|completed|update-task-completed|written"));

        t.hubstaff.deleteTask(HubstaffSimulator.id(todo));
        t.poll();
        t.drain();
        assertThat(t.highlevel.tasks(contactId)).noneMatch(x -> "Draft the sitemap".equals(x.get("title")));
    }

    @Test
    void aTodoCreatedInHubstaffArrivesByWebhook() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Hook Test Inc", "hook@test.example", null, null);
        Map<String, Object> project = t.hubstaff.createProject("Hooks", HubstaffSimulator.id(client));
        String contactId = syncedClient(client, "hook@test.example");
        t.hubstaff.createTask(HubstaffSimulator.id(project), "Answer the webhook", null, null);
        // no poll: the task.create delivery, through the intake and the inbox
        await().atMost(Duration.ofSeconds(10)).until(() -> t.highlevel.tasks(contactId).stream()
                .anyMatch(x -> "Answer the webhook".equals(x.get("title"))));
    }

    @Test
    void trackedTimeIsOneNotePerContactPerDayUpdatedInPlaceWithProjectTags() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Hours Co", "hours@test.example", null, null);
        Map<String, Object> project = t.hubstaff.createProject("Support Desk", HubstaffSimulator.id(client));
        String contactId = syncedClient(client, "hours@test.example");
        long pid = HubstaffSimulator.id(project);
        long ann = HubstaffSimulator.id(t.hubstaff.addMember("Ann Hours", "ann.hours@test.example"));
        long bob = HubstaffSimulator.id(t.hubstaff.addMember("Bob Hours", "bob.hours@test.example"));
        t.hubstaff.track(ann, pid, today(), 3600);
        t.poll();
        t.drain();
        assertThat(t.highlevel.notes(contactId)).singleElement().satisfies(n -> assertThat(n.get("body"))
                .isEqualTo("Hubstaff: 1h on Support Desk \u2014 1 member (" + today() + ")"));
        t.hubstaff.track(bob, pid, today(), 8400);
        t.poll();
        t.drain();
        assertThat(t.highlevel.notes(contactId)).singleElement().satisfies(n -> assertThat(n.get("body"))
                .isEqualTo("Hubstaff: 3h 20m on Support Desk \u2014 2 members (" + today() + ")"));
        assertThat(String.valueOf(t.highlevel.contact(contactId).orElseThrow().get("tags"))).contains("project:support desk");
        // polled again unchanged: still one note
        t.poll();
        t.drain();
        assertThat(t.highlevel.notes(contactId)).hasSize(1);
    }

    @Test
    void membersAreNotContactsUntilTheFlowIsSwitchedOn() throws Exception {
        t.hubstaff.addMember("Quiet Member", "quiet.member@test.example");
        t.poll();
        t.drain();
        assertThat(t.contactWithEmail("quiet.member@test.example")).isNull();
    }

    @Test
    void aContactTaskBecomesATodoAndCompletingItCompletesTheTodo() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Reverse Ltd", "reverse@test.example", null, null);
        String contactId = syncedClient(client, "reverse@test.example");
        Map<String, Object> task = t.highlevel.userCreateTask(contactId, Map.of("title", "Call about renewal",
                "body", "Before Friday", "dueDate", "2027-02-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> t.hubstaff.tasks().stream()
                .anyMatch(x -> "Call about renewal".equals(x.get("summary"))));
        Map<String, Object> todo = t.hubstaff.tasks().stream().filter(x -> "Call about renewal".equals(x.get("summary")))
                .findFirst().orElseThrow();
        assertThat(todo.get("details")).isEqualTo("Before Friday");
        assertThat(todo.get("due_at")).isEqualTo("2027-02-01");
        // no project for the client yet: one was made, named after the client
        Map<String, Object> project = t.hubstaff.projects().stream().filter(p -> p.get("id").equals(todo.get("project_id")))
                .findFirst().orElseThrow();
        assertThat(project.get("name")).isEqualTo("Reverse Ltd");
        assertThat(project.get("client_id")).isEqualTo(client.get("id"));

        t.highlevel.userCompleteTask(contactId, (String) task.get("id"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.hubstaff.tasks().stream()
                .anyMatch(x -> x.get("id").equals(todo.get("id")) && "completed".equals(x.get("status"))))
                .as("audit %s", t.audit().stream().filter(a -> a.contains("task|")).toList()).isTrue());
        // the poll that sees the new to-do does not make a second HighLevel task of it
        t.poll();
        t.drain();
        assertThat(t.highlevel.tasks(contactId)).filteredOn(x -> "Call about renewal".equals(x.get("title"))).hasSize(1);
    }

    @Test
    void aStaleLockVersionIsReadAgainAndTheNewerEditWins() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Lock Co", "lock@test.example", null, null);
        Map<String, Object> project = t.hubstaff.createProject("Locks", HubstaffSimulator.id(client));
        long id = HubstaffSimulator.id(t.hubstaff.createTask(HubstaffSimulator.id(project), "Original", null, null));
        var template = t.bridge.context().createProducerTemplate();

        // someone edits the to-do in Hubstaff before our update lands, earlier than our change: ours wins
        t.hubstaff.editBeforeNextUpdate(id, Map.of("details", "their edit", "updated_at", "2020-01-01T00:00:00Z"));
        template.requestBodyAndHeaders("direct:hubstaff.save-todo", Map.of("summary", "Ours"),
                Map.of("task_id", id, "syncSourceUpdatedAt", Instant.now().toString()));
        Map<String, Object> after = t.hubstaff.tasks().stream().filter(x -> x.get("id").equals(id)).findFirst().orElseThrow();
        assertThat(after.get("summary")).isEqualTo("Ours");
        assertThat(((Number) after.get("lock_version")).intValue()).isEqualTo(2);

        // edited after our change: theirs stands
        t.hubstaff.editBeforeNextUpdate(id, Map.of("summary", "Theirs"));
        Object answer = template.requestBodyAndHeaders("direct:hubstaff.save-todo", Map.of("summary", "Mine again"),
                Map.of("task_id", id, "syncSourceUpdatedAt", Instant.now().minusSeconds(60).toString()));
        assertThat(t.hubstaff.tasks().stream().filter(x -> x.get("id").equals(id)).findFirst().orElseThrow().get("summary"))
                .isEqualTo("Theirs");
        assertThat(((Map<?, ?>) answer).get("summary")).isEqualTo("Theirs");
        assertThat(List.of(t.deadLetters())).containsExactly(0);
    }
}
