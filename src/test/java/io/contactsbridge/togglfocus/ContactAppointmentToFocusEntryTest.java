package io.contactsbridge.togglfocus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sandbox.togglfocus.TogglFocusSimulator;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncPolling;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * contact-appointment-to-focus-entry end to end: HighLevel appointment webhooks (and the poll) for a
 * contact linked to a Toggl client -> one planned entry in Toggl Focus and one linking note, updated
 * and removed with the appointment, nothing written twice.
 */
class ContactAppointmentToFocusEntryTest {
    static HighLevelSimulator highlevel;
    static TogglSimulator toggl;
    static TogglFocusSimulator focus;
    static Bridge bridge;

    @BeforeAll
    static void start() {
        highlevel = new HighLevelSimulator();
        toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        focus = new TogglFocusSimulator();
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl, focus))
                .with("highlevel.poll-appointments-for", "toggl:client").start();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static List<Map<String, Object>> entriesOf(String appointmentId) {
        return focus.timeEntries().stream()
                .filter(e -> String.valueOf(e.get("description")).contains(FocusAppointments.MARKER + appointmentId + "]")).toList();
    }

    static List<Map<String, Object>> appointmentNotes(String contactId) {
        return highlevel.notes(contactId).stream().filter(n -> String.valueOf(n.get("body")).contains("Toggl Focus as entry")).toList();
    }

    static String linkedContact(String company) {
        Map<String, Object> contact = highlevel.userCreateContact(Map.of("companyName", company, "tags", List.of("toggl")));
        String contactId = (String) contact.get("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> toggl.rows("client").stream().anyMatch(c -> company.equals(c.get("name"))));
        return contactId;
    }

    @Test
    void anAppointmentIsPlannedUpdatedAndRemovedOnce() {
        String contactId = linkedContact("Appointment Works Ltd");
        Instant start = Instant.parse("2030-03-04T09:00:00Z");
        String id = (String) highlevel.userBookAppointment(contactId, "Quarterly review", start, start.plusSeconds(3600)).get("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(entriesOf(id)).singleElement().satisfies(e ->
                assertThat(e).containsEntry("planned_start", "2030-03-04T09:00:00Z").containsEntry("planned_duration", 3600)
                        .containsEntry("project_id", (int) TogglFocusSimulator.DEFAULT_PROJECT_ID).doesNotContainKey("start")));
        Object entryId = entriesOf(id).get(0).get("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appointmentNotes(contactId)).singleElement()
                .satisfies(n -> assertThat((String) n.get("body")).contains("Quarterly review").contains("2030-03-04 09:00")
                        .contains("entry " + entryId)));

        // moved: the same entry and the same note change
        highlevel.userUpdateAppointment(contactId, id, Map.of("startTime", start.plusSeconds(1800), "endTime", start.plusSeconds(5400),
                "title", "Quarterly review (moved)"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(entriesOf(id)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("planned_start", "2030-03-04T09:30:00Z").containsEntry("id", entryId)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appointmentNotes(contactId)).singleElement()
                .satisfies(n -> assertThat((String) n.get("body")).contains("(moved)").contains("09:30")));

        // the poll reads the same appointment again: nothing is written twice
        SyncPolling polling = bridge.context().getRegistry().lookupByNameAndType(SyncCore.POLLING_BEAN, SyncPolling.class);
        polling.runCycle("test");
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(entriesOf(id)).hasSize(1);
            assertThat(appointmentNotes(contactId)).hasSize(1);
        });

        highlevel.userDeleteAppointment(contactId, id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(entriesOf(id)).isEmpty();
            assertThat(appointmentNotes(contactId)).isEmpty();
        });
    }

    @Test
    void aCancelledAppointmentLosesItsEntryAndUnlinkedContactsAreLeftAlone() {
        String contactId = linkedContact("Cancel Me Inc");
        Instant start = Instant.parse("2030-05-06T14:00:00Z");
        String id = (String) highlevel.userBookAppointment(contactId, "Demo", start, start.plusSeconds(1800)).get("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(entriesOf(id)).hasSize(1));
        highlevel.userUpdateAppointment(contactId, id, Map.of("appointmentStatus", "cancelled"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(entriesOf(id)).isEmpty());

        String stranger = (String) highlevel.userCreateContact(Map.of("firstName", "No", "lastName", "Toggl")).get("id");
        String other = (String) highlevel.userBookAppointment(stranger, "Coffee", start, start.plusSeconds(900)).get("id");
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(entriesOf(other)).isEmpty());
    }

    @Test
    void theCycleHealsMissedAppointmentWebhooks() {
        String contactId = linkedContact("Missed Hooks GmbH");
        SyncPolling polling = bridge.context().getRegistry().lookupByNameAndType(SyncCore.POLLING_BEAN, SyncPolling.class);
        polling.runCycle("test"); // the appointment poll's first cycle (upcoming appointments) is behind us
        String url = highlevel.webhookUrl();
        highlevel.setWebhookUrl(null); // HighLevel's deliveries get lost
        try {
            Instant start = Instant.parse("2030-07-08T08:00:00Z");
            String id = (String) highlevel.userBookAppointment(contactId, "Site visit", start, start.plusSeconds(2700)).get("id");
            polling.runCycle("test");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(entriesOf(id)).singleElement().satisfies(e -> assertThat(e).containsEntry("planned_duration", 2700));
                assertThat(appointmentNotes(contactId)).hasSize(1);
            });
            highlevel.userDeleteAppointment(contactId, id);
            polling.runCycle("test");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(entriesOf(id)).isEmpty();
                assertThat(appointmentNotes(contactId)).isEmpty();
            });
        } finally {
            highlevel.setWebhookUrl(url);
        }
    }
}
