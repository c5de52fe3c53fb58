package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * What the Toggl flows learn survives a restart: the project names (a rename after the restart still
 * removes the old tag), and the first cycle after it costs no more Toggl calls than any steady cycle.
 */
class TogglRestartTest {

    @SuppressWarnings("unchecked")
    static List<Object> tags(HighLevelSimulator highlevel, String contactId) {
        return (List<Object>) highlevel.contact(contactId).orElseThrow().get("tags");
    }

    static void pollCycle(Bridge bridge) {
        bridge.context().createProducerTemplate().sendBody("direct:sync.poll-cycle", null);
    }

    @Test
    void aProjectRenamedAfterARestartLosesItsOldTagAndTheFirstCycleStaysCheap() throws Exception {
        HighLevelSimulator highlevel = new HighLevelSimulator();
        TogglSimulator toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        // its cycles are the test's own: no catch-up at start beside them ("already running")
        TestBridge first = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).with(SyncSettings.POLL_CATCH_UP, "false");
        String database = first.settings().get("bridge.db.url");
        String contactId;
        long projectId;
        try (Bridge bridge = first.start()) {
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> !toggl.subscriptions().isEmpty());
            toggl.subscriptions().forEach(s -> toggl.enableSubscription(((Number) s.get("subscription_id")).longValue(), false));
            Map<String, Object> client = toggl.createClient("Restart Rename Ltd", null);
            projectId = ((Number) toggl.createProject("Restart Alpha", ((Number) client.get("id")).longValue()).get("id")).longValue();
            pollCycle(bridge);
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> highlevel.contacts().stream()
                    .anyMatch(c -> "Restart Rename Ltd".equals(c.get("companyName")) && tags(highlevel, (String) c.get("id")).contains("project:restart alpha")));
            contactId = (String) highlevel.contacts().stream().filter(c -> "Restart Rename Ltd".equals(c.get("companyName")))
                    .findFirst().orElseThrow().get("id");
            pollCycle(bridge); // steady: the watermarks are where the next process starts
        }

        TestBridge second = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).with("bridge.db.url", database);
        try (Bridge bridge = second.start()) {
            RequestLog log = bridge.simulators().log(TogglSimulator.NAME);
            Thread.sleep(2000); // the start-up subscription check is done (Webhooks API, not counted below)
            // a time entry on the project: its note needs the project's name, known from the store
            toggl.createTimeEntry(projectId, null, "after the restart", Instant.now().minusSeconds(3600), 900);
            log.clear();
            pollCycle(bridge);
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(highlevel.notes(contactId))
                    .anySatisfy(n -> assertThat(String.valueOf(n.get("body"))).contains("on Restart Alpha \u2014 after the restart")));
            long calls = log.entries().stream().filter(e -> !e.path().contains("/webhooks/")).count();
            assertThat(calls).as("Toggl calls of the first cycle after the restart: " + log.entries()).isLessThanOrEqualTo(4);

            toggl.updateProject(projectId, Map.of("name", "Restart Beta"));
            pollCycle(bridge);
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tags(highlevel, contactId))
                    .contains("project:restart beta").doesNotContain("project:restart alpha"));
        }
    }
}
