package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Toggl poll reads only the configured workspace and misses no time entry: a token whose user has
 * two workspaces, a report over more than one page, an entry started long ago but edited now, a deleted one.
 * Webhook subscriptions are switched off so only the poll brings changes.
 */
class TogglPollCompletenessTest {
    static HighLevelSimulator highlevel;
    static TogglSimulator toggl;
    static Bridge bridge;

    @BeforeAll
    static void start() {
        highlevel = new HighLevelSimulator();
        toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        // its cycles are the test's own: no catch-up at start beside them ("already running")
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).with(SyncSettings.POLL_CATCH_UP, "false").start();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> !toggl.subscriptions().isEmpty());
        toggl.subscriptions().forEach(s -> toggl.enableSubscription(((Number) s.get("subscription_id")).longValue(), false));
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static void pollCycle() {
        bridge.context().createProducerTemplate().sendBody("direct:sync.poll-cycle", null);
    }

    /** A poller of its own (own state, own watermark) on the bridge's Toggl operation routes. */
    static TogglPoller poller(String stateName) {
        return new TogglPoller(TogglApiRoutes.client(bridge.context()).operations(), TogglSettings.from(Settings.of(bridge.context())),
                StateTable.of(bridge.context(), stateName), Clock.systemUTC());
    }

    static Set<String> ids(SourcePoller.Result result, CanonicalChange.Action action) {
        return result.changes().stream().filter(c -> c.entity().equals(TogglEntities.TIME_ENTRY) && c.action() == action)
                .map(CanonicalChange::sourceId).collect(Collectors.toSet());
    }

    @Test
    void clientsOfAnotherWorkspaceOfTheSameUserNeverBecomeContacts() throws Exception {
        Map<String, Object> foreign = toggl.inWorkspace(TogglSimulator.SECOND_WORKSPACE_ID,
                () -> toggl.createClient("Elsewhere Holdings Ltd", "not ours"));
        toggl.inWorkspace(TogglSimulator.SECOND_WORKSPACE_ID,
                () -> toggl.createProject("Elsewhere Project", ((Number) foreign.get("id")).longValue()));
        toggl.createClient("Homebase Scope Ltd", null);
        // the user-scoped read spans both workspaces (that is what the poll must filter)
        assertThat(toggl.rows("client")).anySatisfy(c -> assertThat(c).containsEntry("name", "Elsewhere Holdings Ltd")
                .containsEntry("wid", TogglSimulator.SECOND_WORKSPACE_ID));

        pollCycle();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> highlevel.contacts().stream()
                .anyMatch(c -> "Homebase Scope Ltd".equals(c.get("companyName"))));
        pollCycle();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(highlevel.contacts()).noneSatisfy(c -> assertThat(String.valueOf(c.get("companyName"))).contains("Elsewhere"));
            assertThat(TogglFlowsTestSupport.deadLetters(bridge)).noneSatisfy(d -> assertThat(d).contains("Elsewhere"));
        });
        assertThat(TogglFlowsTestSupport.inboxKeys(bridge)).doesNotContain("toggl:client:" + foreign.get("id"));

        // a webhook of the other workspace (a subscription made there to the same callback): stored, not synced
        String event = TogglConnectorTest.event(990_001, "client", "created",
                "{\"id\":990001,\"wid\":" + TogglSimulator.SECOND_WORKSPACE_ID + ",\"name\":\"Webhook Elsewhere Ltd\"}")
                .replace("\"workspace_id\":\"1000\"", "\"workspace_id\":\"" + TogglSimulator.SECOND_WORKSPACE_ID + "\"");
        assertThat(TogglTestSupport.postWebhook(bridge, event, TogglTestSupport.sign(TogglSimulator.WEBHOOK_SECRET, event))
                .statusCode()).isEqualTo(200);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(TogglFlowsTestSupport.inboxKeys(bridge)).contains("toggl:client:990001");
            assertThat(highlevel.contacts()).noneSatisfy(c -> assertThat(String.valueOf(c.get("companyName"))).contains("Webhook Elsewhere"));
        });
    }

    @Test
    void everyUsersEntriesOverSeveralPagesAndALateEditOfAnOldEntry() throws Exception {
        Map<String, Object> project = toggl.createProject("Paging Internal Work", null);
        long pid = ((Number) project.get("id")).longValue();
        Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            long user = i % 2 == 0 ? TogglSimulator.USER_ID : 7_000_001L; // half of them another user's
            created.add(String.valueOf(toggl.createTimeEntryAs(user, pid, "paging " + i, base.plusSeconds(60L * i), 600).get("id")));
        }
        Map<String, Object> old = toggl.createTimeEntry(pid, null, "started five days ago",
                Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), 1200);
        created.add(String.valueOf(old.get("id")));
        bridge.simulators().log(TogglSimulator.NAME).clear();

        TogglPoller poller = poller("toggl-completeness");
        SourcePoller.Result first = poller.poll(null);
        assertThat(ids(first, CanonicalChange.Action.UPDATED).stream().filter(created::contains).toList())
                .containsExactlyInAnyOrderElementsOf(created);
        long reportPages = bridge.simulators().log(TogglSimulator.NAME).entries().stream()
                .filter(e -> e.path().contains("/search/time_entries")).count();
        assertThat(reportPages).as("report pages read").isGreaterThan(1);

        // an entry whose start is far older than the watermark, edited now: its `at` is newer
        Thread.sleep(1100);
        toggl.updateTimeEntry(((Number) old.get("id")).longValue(), Map.of("description", "edited much later"));
        toggl.deleteTimeEntry(Long.parseLong(created.get(3)));
        SourcePoller.Result second = poller.poll(first.nextWatermark());
        assertThat(second.changes()).anySatisfy(c -> {
            assertThat(c.sourceId()).isEqualTo(String.valueOf(old.get("id")));
            assertThat(c.fields()).containsEntry("description", "edited much later");
        });
        assertThat(ids(second, CanonicalChange.Action.DELETED)).contains(created.get(3));
        // an unchanged entry read again within the overlap has the same event id: the inbox keeps it once
        Set<String> firstEvents = first.changes().stream().map(CanonicalChange::eventId).collect(Collectors.toSet());
        assertThat(second.changes().stream().filter(c -> c.sourceId().equals(created.get(10))))
                .allSatisfy(c -> assertThat(firstEvents).contains(c.eventId()));
    }
}
