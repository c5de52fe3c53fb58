package io.contactsbridge.timetonic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.timetonic.TimeTonicSimulator;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The TimeTonic flows in routes/ end to end: TimeTonic simulator -> bridge -> HighLevel simulator, and back. */
@SuppressWarnings("unchecked")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimeTonicFlowsTest {
    static HighLevelSimulator highlevel;
    static TimeTonicSimulator timetonic;
    static Bridge bridge;
    static ProducerTemplate template;
    static Instant ready;

    @BeforeAll
    static void start() {
        highlevel = new HighLevelSimulator();
        timetonic = new TimeTonicSimulator();
        // Toggl too: some Toggl flows of main need its beans to start (see the report of issue 15)
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, timetonic, new io.contactsbridge.sandbox.toggl.TogglSimulator()))
                .with("toggl.subscribe-on-start", "false").start();
        ready = Instant.now();
        template = bridge.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static Optional<Map<String, Object>> contactByEmail(String email) {
        return highlevel.contacts().stream().filter(c -> email.equalsIgnoreCase(String.valueOf(c.get("email")))).findFirst();
    }

    /** Polls TimeTonic now (waits while another poll runs) and waits until the inbox has handled what it stored. */
    static void poll() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                template.requestBodyAndHeader("direct:sync.poll-source", null, "syncSource", "timetonic") != null);
    }

    static Map<String, Object> summary() {
        return (Map<String, Object>) bridge.context().getRegistry().lookupByNameAndType(TimeTonicSummary.BEAN, TimeTonicSummary.class)
                .run("contacts.get-contact", "contacts.get-all-tasks", 5, 90);
    }

    @Test
    @Order(1) // before any test polls by hand: only the bridge's own polls bring the seeded lead
    void theSeededLeadAppearsAsAContactWithinTenSecondsOfReady() {
        Duration left = Duration.ofSeconds(10).minus(Duration.between(ready, Instant.now()));
        await().atMost(left.isNegative() ? Duration.ZERO : left).until(() -> contactByEmail("nora.seedlead@example.com").isPresent());
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Object> c = contactByEmail("nora.seedlead@example.com").orElseThrow();
            assertThat(c).containsEntry("firstName", "Nora").containsEntry("lastName", "Seedlead")
                    .containsEntry("assignedTo", "sandbox-user-1");
            assertThat((List<Object>) c.get("tags")).contains("stage:qualified", "webinar", "priority", "timetonic-lead");
            assertThat(highlevel.tasks((String) c.get("id"))).singleElement()
                    .satisfies(t -> assertThat(String.valueOf(t.get("dueDate"))).startsWith("2030-01-15"));
        });
    }

    @Test
    void aChangedLeadUpdatesItsContactStageAndTheOneFollowUpTask() {
        long row = timetonic.addRow(TimeTonicSimulator.LEADS_TABLE, Map.of("Name", "Lena Stagechange",
                "Email", "lena.stage@example.com", "Stage", "New", "Next action", "2031-03-01", "Owner", "sales@example.com"));
        poll();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> c = contactByEmail("lena.stage@example.com").orElseThrow();
            assertThat((List<Object>) c.get("tags")).contains("stage:new");
            assertThat(highlevel.tasks((String) c.get("id"))).hasSize(1);
        });
        timetonic.updateRow(TimeTonicSimulator.LEADS_TABLE, row, Map.of("Stage", "Customer", "Next action", "2031-04-02"));
        poll();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> c = contactByEmail("lena.stage@example.com").orElseThrow();
            assertThat(c).containsEntry("assignedTo", "sandbox-user-2");
            assertThat((List<Object>) c.get("tags")).contains("stage:customer").doesNotContain("stage:new");
            assertThat(highlevel.tasks((String) c.get("id"))).singleElement()
                    .satisfies(t -> assertThat(String.valueOf(t.get("dueDate"))).startsWith("2031-04-02"));
        });
        // nothing changed: the next poll hands on no lead, so nothing is written
        int contacts = highlevel.contactCount();
        Map<String, Object> before = new LinkedHashMap<>(contactByEmail("lena.stage@example.com").orElseThrow());
        poll();
        assertThat(highlevel.contactCount()).isEqualTo(contacts);
        assertThat(contactByEmail("lena.stage@example.com").orElseThrow().get("dateUpdated")).isEqualTo(before.get("dateUpdated"));
    }

    @Test
    void aDeletedLeadArchivesItsContactByTag() {
        long row = timetonic.addRow(TimeTonicSimulator.LEADS_TABLE, Map.of("Name", "Dora Gone", "Email", "dora.gone@example.com"));
        poll();
        await().atMost(Duration.ofSeconds(10)).until(() -> contactByEmail("dora.gone@example.com").isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.context().getRegistry()
                .lookupByNameAndType(TimeTonicRowState.BEAN, TimeTonicRowState.class)
                .hashes(String.valueOf(TimeTonicSimulator.LEADS_TABLE)).containsKey(String.valueOf(row)));
        timetonic.deleteRow(TimeTonicSimulator.LEADS_TABLE, row);
        poll();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                (List<Object>) contactByEmail("dora.gone@example.com").orElseThrow().get("tags")).contains("timetonic-archived"));
    }

    @Test
    void aTaggedContactBecomesARowWithWelcomeTasksThenTheSummaryWritesOnlyChanges() {
        Map<String, Object> contact = highlevel.userCreateContact(Map.of("firstName", "Rowan", "lastName", "Tablerow",
                "email", "rowan.row@example.com", "phone", "+15550199", "companyName", "Rows & Co", "tags", List.of("timetonic")));
        String contactId = String.valueOf(contact.get("id"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(contactRow("rowan.row@example.com")).isPresent();
            assertThat(highlevel.tasks(contactId)).extracting(t -> t.get("title"))
                    .containsExactlyInAnyOrder("Welcome call", "Send onboarding pack");
        });
        // the welcome tasks come back as TaskCreate webhooks: the row mirrors them, with due dates
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                String.valueOf(contactRow("rowan.row@example.com").orElseThrow().get("Tasks")))
                .contains("[ ] Welcome call (due ").contains("[ ] Send onboarding pack (due "));
        highlevel.userCreateNote(contactId, "Prefers e-mail over calls");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                String.valueOf(contactRow("rowan.row@example.com").orElseThrow().get("Notes"))).contains("Prefers e-mail over calls"));
        Map<String, Object> row = contactRow("rowan.row@example.com").orElseThrow();
        assertThat(row).containsEntry("Name", "Rowan Tablerow").containsEntry("Company", "Rows & Co")
                .containsEntry("HighLevel id", contactId).containsEntry("Status", "Active");

        // the summary: written once, then nothing while nothing changes
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            summary();
            Map<String, Object> r = contactRow("rowan.row@example.com").orElseThrow();
            return "2".equals(String.valueOf(r.get("Total tasks"))) && "2".equals(String.valueOf(r.get("Open tasks")));
        });
        timetonic.resetCalls();
        assertThat(summary()).containsEntry("written", 0);
        assertThat(summary()).containsEntry("written", 0);
        assertThat(timetonic.calls("createOrUpdateTableRows")).isZero();
        assertThat(timetonic.calls("createOrUpdateTableRow")).isZero();

        // more than 5 more open tasks: one alert for that change, none on the next cycle
        for (int i = 0; i < 6; i++) {
            highlevel.userCreateTask(contactId, Map.of("title", "Extra " + i, "dueDate", "2030-01-01T00:00:00Z", "completed", false));
        }
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                String.valueOf(contactRow("rowan.row@example.com").orElseThrow().get("Tasks"))).contains("Extra 5"));
        Map<String, Object> changed = summary();
        assertThat(changed).containsEntry("alerts", 1);
        assertThat(Alerts.of(bridge.context()).open()).anySatisfy(i -> assertThat(i.key()).contains("timetonic.open-tasks"));
        assertThat(summary()).containsEntry("alerts", 0).containsEntry("written", 0);
        assertThat(contactRow("rowan.row@example.com").orElseThrow()).containsEntry("Open tasks", 8);

        // deleted in HighLevel: the row is archived, never deleted
        highlevel.userDeleteContact(contactId);
        assertThat(summary()).containsEntry("archived", 1);
        assertThat(contactRow("rowan.row@example.com").orElseThrow()).containsEntry("Status", "Archived");
        assertThat(summary()).containsEntry("written", 0);
    }

    @Test
    void aRowUntouchedForTheConfiguredDaysIsArchivedNotDeleted() {
        Map<String, Object> contact = highlevel.userCreateContact(Map.of("firstName", "Una", "lastName", "Touched",
                "email", "una.untouched@example.com", "tags", List.of("timetonic")));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(contactRow("una.untouched@example.com")).isPresent();
            assertThat(highlevel.tasks(String.valueOf(contact.get("id")))).hasSize(2);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            summary();
            return contactRow("una.untouched@example.com").orElseThrow().get("Total tasks") != null;
        });
        TimeTonicSettings settings = TimeTonicSettings.from(io.contactsbridge.config.Settings.of(bridge.context()));
        TimeTonicRowState state = bridge.context().getRegistry().lookupByNameAndType(TimeTonicRowState.BEAN, TimeTonicRowState.class);
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(91));
        TimeTonicSummary ninetyOneDaysOn = new TimeTonicSummary(bridge.context(), TimeTonicFlowSupport.tables(bridge.context()),
                state, TimeTonicFieldMap.load(settings.fieldMapFile()), settings, later);
        io.contactsbridge.sync.SyncLinks links = bridge.context().getRegistry().lookupByNameAndType("syncLinks",
                io.contactsbridge.sync.SyncLinks.class);
        assertThat(links.find("highlevel", "contact", String.valueOf(contact.get("id")), "timetonic", "row")).isNotNull();
        int deletes = timetonic.calls("deleteTableRows");
        assertThat(ninetyOneDaysOn.run("contacts.get-contact", "contacts.get-all-tasks", 5, 0)).containsEntry("archived", 0);
        assertThat(ninetyOneDaysOn.run("contacts.get-contact", "contacts.get-all-tasks", 5, 90)).containsEntry("archived", 1);
        assertThat(contactRow("una.untouched@example.com").orElseThrow()).containsEntry("Status", "Archived");
        assertThat(links.find("highlevel", "contact", String.valueOf(contact.get("id")), "timetonic", "row"))
                .as("forgotten, so the contact's next change writes the row whole again").isNull();
        assertThat(ninetyOneDaysOn.run("contacts.get-contact", "contacts.get-all-tasks", 5, 90)).containsEntry("written", 0);
        assertThat(timetonic.calls("deleteTableRows")).isEqualTo(deletes);
        // touched again (the contact changed): active again
        highlevel.userUpdateContact(String.valueOf(contact.get("id")), Map.of("companyName", "Touched Again Ltd"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                contactRow("una.untouched@example.com").orElseThrow()).containsEntry("Status", "Active"));
    }

    static Optional<Map<String, Object>> contactRow(String email) {
        return timetonic.rows(TimeTonicSimulator.CONTACTS_TABLE).stream().filter(r -> email.equals(r.get("Email"))).findFirst();
    }
}
