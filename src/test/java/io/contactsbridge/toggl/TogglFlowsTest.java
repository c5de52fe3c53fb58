package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Toggl flows in routes/ end to end: Toggl simulator -> bridge -> HighLevel simulator, and back. */
@SuppressWarnings("unchecked")
class TogglFlowsTest {
    static HighLevelSimulator highlevel;
    static TogglSimulator toggl;
    static Bridge bridge;

    @BeforeAll
    static void start() {
        highlevel = new HighLevelSimulator();
        toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).start();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> toggl.subscriptions().stream().anyMatch(s -> s.get("validated_at") != null));
        // the catch-up at start syncs the sandbox's demo data: let it finish, so the timings below are the flows' own
        var queue = bridge.context().getRegistry().lookupByNameAndType(io.contactsbridge.sync.SyncCore.QUEUE_BEAN,
                io.contactsbridge.sync.InboxQueue.class);
        var watermarks = bridge.context().getRegistry().lookupByNameAndType(io.contactsbridge.sync.SyncCore.WATERMARKS_BEAN,
                io.contactsbridge.sync.Watermarks.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.isReady() && watermarks.get("toggl") != null
                && queue.depthByStatus().getOrDefault(io.contactsbridge.sync.InboxQueue.NEW, 0L) == 0
                && queue.depthByStatus().getOrDefault(io.contactsbridge.sync.InboxQueue.RETRY, 0L) == 0);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static Optional<Map<String, Object>> contact(String first, String last) {
        return highlevel.contacts().stream()
                .filter(c -> first.equals(c.get("firstName")) && last.equals(c.get("lastName"))).findFirst();
    }

    static Optional<Map<String, Object>> company(String name) {
        return highlevel.contacts().stream().filter(c -> name.equals(c.get("companyName"))).findFirst();
    }

    static int deadLettersMentioning(String text) throws Exception {
        try (java.sql.Connection c = bridge.database().dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter WHERE last_error LIKE ?")) {
            ps.setString(1, "%" + text + "%");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static long id(Map<String, Object> m) {
        return ((Number) m.get("id")).longValue();
    }

    @Test
    void aTogglClientBecomesAContactWithItsNotesAndIsArchivedByTag() {
        Map<String, Object> client = toggl.createClient("Jane Flowtest", "Met at the conference");
        // the target: a Toggl client shows up as a contact within a second via webhook
        await().atMost(Duration.ofSeconds(1)).until(() -> contact("Jane", "Flowtest").isPresent());
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Object> c = contact("Jane", "Flowtest").orElseThrow();
            assertThat((List<Object>) (List<?>) c.get("tags")).contains("toggl-client");
            assertThat(highlevel.notes((String) c.get("id"))).anySatisfy(n -> assertThat(n.get("body")).isEqualTo("Met at the conference"));
        });
        String contactId = (String) contact("Jane", "Flowtest").orElseThrow().get("id");

        toggl.updateClient(id(client), Map.of("notes", "Signed the contract"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(highlevel.notes(contactId)).hasSize(1)
                    .allSatisfy(n -> assertThat(n.get("body")).isEqualTo("Signed the contract"));
        });

        toggl.archiveClient(id(client));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(contactId).orElseThrow().get("tags")).contains("toggl-archived"));
        assertThat(highlevel.contacts().stream().filter(c -> "Flowtest".equals(c.get("lastName")))).hasSize(1);
    }

    /**
     * Issue 13: a project renamed while many contacts carry its tag (tagged by hand in HighLevel):
     * every one of them gets the new tag, in bulk calls of 100 contacts, instead of two calls each.
     */
    @Test
    void aRenamedProjectsTagIsRenamedOnEveryContactInBulkCalls() {
        Map<String, Object> client = toggl.createClient("Bulk Rename Ltd", null);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> company("Bulk Rename Ltd").isPresent());
        String clientContact = (String) company("Bulk Rename Ltd").orElseThrow().get("id");
        Map<String, Object> project = toggl.createProject("Bulk Site", id(client));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(clientContact).orElseThrow().get("tags")).contains("project:bulk site"));
        String hook = highlevel.webhookUrl();
        highlevel.setWebhookUrl(null); // 150 ContactCreate webhooks would only add noise here
        List<String> others = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                others.add((String) highlevel.userCreateContact(Map.of("firstName", "Stakeholder" + i,
                        "email", "stakeholder" + i + "@bulk.example", "tags", List.of("project:bulk site", "vip"))).get("id"));
            }
        } finally {
            highlevel.setWebhookUrl(hook);
        }
        var log = bridge.simulators().log(HighLevelSimulator.NAME);
        log.clear();

        toggl.updateProject(id(project), Map.of("name", "Bulk Site 2"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(others).allSatisfy(c -> assertThat((List<Object>) (List<?>) highlevel.contact(c).orElseThrow().get("tags"))
                    .contains("project:bulk site 2", "vip").doesNotContain("project:bulk site"));
            assertThat((List<Object>) (List<?>) highlevel.contact(clientContact).orElseThrow().get("tags"))
                    .contains("project:bulk site 2").doesNotContain("project:bulk site");
        });
        // 150 contacts: 2 batches to add the new tag, 2 to remove the old one; no call per contact
        assertThat(log.entries()).filteredOn(e -> e.path().startsWith("/contacts/bulk/tags/update/add")).hasSize(2);
        assertThat(log.entries()).filteredOn(e -> e.path().startsWith("/contacts/bulk/tags/update/remove")).hasSize(2);
        assertThat(log.entries()).filteredOn(e -> e.path().endsWith("/tags") && others.stream().anyMatch(e.path()::contains)).isEmpty();
        assertThat(log.entries()).filteredOn(e -> e.path().equals("/contacts/search")).hasSizeLessThanOrEqualTo(2 + 1);
        // the 300 ContactTagUpdate webhooks the renames cause are worked off before the next test's timings
        await().atMost(Duration.ofSeconds(120)).until(() -> highlevel.awaitWebhooks(Duration.ofSeconds(1)) && pendingInbox() == 0);
    }

    static int pendingInbox() throws Exception {
        try (java.sql.Connection c = bridge.database().dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE source = 'highlevel' AND status NOT IN ('DONE', 'DEAD')")) {
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void projectsTasksAndTimeEntriesLandOnTheClientsContact() {
        Map<String, Object> client = toggl.createClient("Globex Flow Ltd", null);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> company("Globex Flow Ltd").isPresent());
        String contactId = (String) company("Globex Flow Ltd").orElseThrow().get("id");

        Map<String, Object> project = toggl.createProject("Flow Website", id(client));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(contactId).orElseThrow().get("tags")).contains("project:flow website"));

        // a renamed project: the new name's tag replaces the old one
        toggl.updateProject(id(project), Map.of("name", "Flow Website 2"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(contactId).orElseThrow().get("tags"))
                        .contains("project:flow website 2").doesNotContain("project:flow website"));
        toggl.updateProject(id(project), Map.of("name", "Flow Website"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(contactId).orElseThrow().get("tags"))
                        .contains("project:flow website").doesNotContain("project:flow website 2"));

        Map<String, Object> task = toggl.createTask(id(project), "Flow wireframes");
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.tasks(contactId))
                .anySatisfy(t -> assertThat(t).containsEntry("title", "Flow wireframes").containsEntry("completed", false)));
        // the HighLevel TaskCreate webhook our write caused must not come back to Toggl as a new task
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(deadLettersMentioning("create-task")).isZero());
        toggl.updateTask(id(task), Map.of("active", false));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.tasks(contactId))
                .anySatisfy(t -> assertThat(t).containsEntry("title", "Flow wireframes").containsEntry("completed", true)));

        Map<String, Object> entry = toggl.createTimeEntry(id(project), null, "Homepage review",
                Instant.parse("2026-01-09T10:00:00Z"), 8100);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.notes(contactId))
                .anySatisfy(n -> assertThat(n.get("body")).isEqualTo("2h 15m on Flow Website \u2014 Homepage review (2026-01-09)")));
        toggl.updateTimeEntry(id(entry), Map.of("duration", 2700));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.notes(contactId))
                .anySatisfy(n -> assertThat(n.get("body")).isEqualTo("45m on Flow Website \u2014 Homepage review (2026-01-09)"))
                .noneSatisfy(n -> assertThat(String.valueOf(n.get("body"))).startsWith("2h 15m")));
        toggl.deleteTimeEntry(id(entry));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.notes(contactId))
                .noneSatisfy(n -> assertThat(String.valueOf(n.get("body"))).contains("Homepage review")));

        toggl.deleteTask(id(task));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(highlevel.tasks(contactId))
                .noneSatisfy(t -> assertThat(t).containsEntry("title", "Flow wireframes")));
        toggl.deleteProject(id(project));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat((List<Object>) (List<?>) highlevel.contact(contactId).orElseThrow().get("tags")).doesNotContain("project:flow website"));
    }

    @Test
    void withoutWebhooksTheNextPollBringsTheClient() throws Exception {
        toggl.subscriptions().forEach(s -> toggl.enableSubscription(((Number) s.get("subscription_id")).longValue(), false));
        try {
            toggl.createClient("Polly Pollcase", null);
            Thread.sleep(1500);
            assertThat(contact("Polly", "Pollcase")).isEmpty();
            var poll = bridge.context().createProducerTemplate();
            poll.sendBody("direct:sync.poll-cycle", null);
            await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> contact("Polly", "Pollcase").isPresent());
        } finally {
            toggl.subscriptions().forEach(s -> toggl.enableSubscription(((Number) s.get("subscription_id")).longValue(), true));
        }
    }

    @Test
    void aTaggedContactBecomesATogglClientAndItsTaskATogglTask() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", "Reverse");
        fields.put("lastName", "Flowperson");
        fields.put("email", "reverse.flow@example.com");
        fields.put("tags", List.of("toggl"));
        Map<String, Object> contact = highlevel.userCreateContact(fields);
        String contactId = String.valueOf(contact.get("id"));
        inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.CREATED, contactId,
                contact, Instant.now(), null));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> toggl.rows("client").stream()
                .anyMatch(c -> "Reverse Flowperson".equals(c.get("name"))));
        long clientId = id(toggl.rows("client").stream().filter(c -> "Reverse Flowperson".equals(c.get("name"))).findFirst().orElseThrow());

        Map<String, Object> changed = new LinkedHashMap<>(contact);
        changed.put("firstName", "Reversed");
        inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED, contactId,
                changed, Instant.now().plusSeconds(1), null));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> "Reversed Flowperson".equals(toggl.row("client", clientId).orElseThrow().get("name")));
        // the client's own webhooks are echoes of our writes: no second contact appears
        assertThat(highlevel.contacts().stream().filter(c -> "Flowperson".equals(c.get("lastName")))).hasSize(1);

        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "hl-task-flow-1");
        task.put("contactId", contactId);
        task.put("title", "Send the proposal");
        task.put("completed", false);
        inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("task"), CanonicalChange.Action.CREATED, "hl-task-flow-1",
                task, Instant.now(), null));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(toggl.rows("task"))
                .anySatisfy(t -> assertThat(t).containsEntry("name", "Send the proposal").containsEntry("active", true)));
        Map<String, Object> project = toggl.rows("project").stream()
                .filter(p -> p.get("client_id") != null && ((Number) p.get("client_id")).longValue() == clientId).findFirst().orElseThrow();
        assertThat(project).containsEntry("name", "Reversed Flowperson");

        Map<String, Object> done = new LinkedHashMap<>(task);
        done.put("completed", true);
        inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("task"), CanonicalChange.Action.UPDATED, "hl-task-flow-1",
                done, Instant.now().plusSeconds(1), null));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(toggl.rows("task"))
                .anySatisfy(t -> assertThat(t).containsEntry("name", "Send the proposal").containsEntry("active", false)));
    }

    @Test
    void aHighLevelEditOfATaskFromTogglUpdatesTheTogglTaskAndNothingLoops() throws Exception {
        SyncedTask synced = taskSyncedToHighLevel("Loopcheck Ltd", "Loop draft");
        String contactId = synced.contactId();
        long taskId = synced.togglTaskId();
        Map<String, Object> hlTask = synced.hlTask();
        String hlTaskId = synced.hlTaskId();
        Thread.sleep(1100); // the edit is clearly later than the task's copy

        var togglLog = bridge.simulators().log(TogglSimulator.NAME);
        var hubLog = bridge.simulators().log(HighLevelSimulator.NAME);
        togglLog.clear();
        hubLog.clear();
        Map<String, Object> edited = new LinkedHashMap<>(hlTask);
        edited.put("title", "Loop final");
        edited.put("contactId", contactId);
        inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("task"), CanonicalChange.Action.UPDATED, hlTaskId,
                edited, Instant.now(), null));
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() ->
                "Loop final".equals(toggl.row("task", taskId).orElseThrow().get("name")));
        // the Toggl webhook of that update is our echo: no write goes back to HighLevel, none comes to Toggl again
        Thread.sleep(3000);
        String taskPath = "/tasks/" + taskId;
        assertThat(togglLog.entries().stream().filter(e -> !e.method().equals("GET") && e.path().endsWith(taskPath)).count())
                .as("writes to the Toggl task").isEqualTo(1);
        assertThat(hubLog.entries().stream().filter(e -> !e.method().equals("GET") && e.path().contains(hlTaskId)).count())
                .as("writes to the HighLevel task").isZero();
        assertThat(toggl.rows("task").stream().filter(t -> String.valueOf(t.get("name")).startsWith("Loop"))).hasSize(1);
        assertThat(deadLettersMentioning("Loop")).isZero();
    }

    /**
     * Toggl answering slowly, after its webhook of our update went out: that webhook arrives while our
     * write is still in flight and is recognised as its echo all the same (the change waits until the
     * write is recorded) instead of going back to HighLevel as a Toggl user's edit.
     */
    @Test
    void theEchoOfAnUpdateThatArrivesBeforeTheAnswerIsStillAnEcho() throws Exception {
        SyncedTask synced = taskSyncedToHighLevel("Slowanswer Ltd", "Slow draft");
        long taskId = synced.togglTaskId();
        Map<String, Object> hlTask = synced.hlTask();
        String hlTaskId = synced.hlTaskId();
        Thread.sleep(1100); // the edit is clearly later than the task's copy

        var hubLog = bridge.simulators().log(HighLevelSimulator.NAME);
        hubLog.clear();
        toggl.slowAnswers(1.0, 1500);
        try {
            hlTask.put("title", "Slow final");
            inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("task"), CanonicalChange.Action.UPDATED, hlTaskId,
                    hlTask, Instant.now(), null));
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() ->
                    "Slow final".equals(toggl.row("task", taskId).orElseThrow().get("name")));
        } finally {
            toggl.slowAnswers(0, 0);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditOf("toggl", String.valueOf(taskId)))
                .as("what the bridge did with Toggl's webhook of our update").endsWith(io.contactsbridge.sync.SyncAudit.SKIPPED_ECHO));
        assertThat(hubLog.entries().stream().filter(e -> !e.method().equals("GET") && e.path().contains(hlTaskId)))
                .as("writes to the HighLevel task").isEmpty();
    }

    /**
     * HighLevel's own task webhooks, as it sends them: TaskCreate carries no {@code completed} and
     * TaskComplete says it by its type. The TaskCreate of the bridge's create is its echo (nothing goes
     * to Toggl), and a task completed in HighLevel completes its Toggl task (not the other way round).
     */
    @Test
    void theTaskCreateOfOurWriteIsItsEchoAndATaskCompletedInHighLevelCompletesTheTogglTask() throws Exception {
        var togglLog = bridge.simulators().log(TogglSimulator.NAME);
        SyncedTask synced = taskSyncedToHighLevel("Echocheck Ltd", "Echo draft");
        String contactId = synced.contactId();
        long taskId = synced.togglTaskId();
        String hlTaskId = synced.hlTaskId();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auditOf("highlevel", hlTaskId))
                .as("what the bridge did with HighLevel's TaskCreate").containsExactly(io.contactsbridge.sync.SyncAudit.SKIPPED_ECHO));
        String taskPath = "/tasks/" + taskId;
        assertThat(togglLog.entries().stream().filter(e -> !e.method().equals("GET") && e.path().endsWith(taskPath)))
                .as("writes to the Toggl task").isEmpty();

        highlevel.userCompleteTask(contactId, hlTaskId);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(toggl.row("task", taskId).orElseThrow()).containsEntry("active", false));
        // Toggl's webhook of that write is our echo: the HighLevel task stays as its user left it
        Thread.sleep(1500);
        assertThat(highlevel.tasks(contactId)).filteredOn(t -> hlTaskId.equals(t.get("id")))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("completed", true));
    }

    /** The outcomes the sync audit recorded for a source record, oldest first. */
    static List<String> auditOf(String source, String sourceId) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = bridge.database().dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT outcome FROM sync_audit WHERE source = ? "
                     + "AND source_id = ? ORDER BY id")) {
            ps.setString(1, source);
            ps.setString(2, sourceId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A Toggl task of a new client's project, and the HighLevel task the flows made of it on the client's contact. */
    record SyncedTask(String contactId, long togglTaskId, Map<String, Object> hlTask) {
        String hlTaskId() {
            return String.valueOf(hlTask.get("id"));
        }
    }

    static SyncedTask taskSyncedToHighLevel(String company, String taskName) {
        Map<String, Object> client = toggl.createClient(company, null);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> company(company).isPresent());
        String contactId = (String) company(company).orElseThrow().get("id");
        Map<String, Object> project = toggl.createProject(company.replace(" Ltd", "") + " Project", id(client));
        Map<String, Object> task = toggl.createTask(id(project), taskName);
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> highlevel.tasks(contactId).stream()
                .anyMatch(t -> taskName.equals(t.get("title"))));
        Map<String, Object> hlTask = new LinkedHashMap<>(highlevel.tasks(contactId).stream()
                .filter(t -> taskName.equals(t.get("title"))).findFirst().orElseThrow());
        return new SyncedTask(contactId, id(task), hlTask);
    }

    static void inject(CanonicalChange change) {
        new Inbox(bridge.database().dataSource()).store(change.source(), change.eventId(), change.recordKey(),
                Inbox.KIND_CHANGE, SyncJson.toJson(change));
    }
}
