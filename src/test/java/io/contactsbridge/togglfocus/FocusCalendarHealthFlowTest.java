package io.contactsbridge.togglfocus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.LoggedAlerts;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.togglfocus.TogglFocusSimulator;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncPolling;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * focus-calendar-health in the poll cycle: a broken integration raises one alert however many
 * cycles it stays broken, shows as failing with its re-authorization URL, and the alert resolves
 * when it heals.
 */
@SuppressWarnings("unchecked")
class FocusCalendarHealthFlowTest {
    static TogglFocusSimulator focus;
    static Bridge bridge;
    static SyncPolling polling;
    static final List<String> opened = new CopyOnWriteArrayList<>();
    static final List<String> resolved = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        focus = new TogglFocusSimulator();
        // the test runs its own cycles: no catch-up cycle at start beside them
        bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), focus))
                .with("bridge.poll.enabled", "false").start();
        bridge.context().getRegistry().bind(Alerts.BEAN, Alerts.class, new LoggedAlerts() {
            @Override
            protected void opened(Incident incident) {
                opened.add(incident.key() + " " + incident.summary());
            }

            @Override
            protected void resolved(Incident incident, String summary) {
                resolved.add(incident.key() + " " + summary);
            }
        });
        polling = bridge.context().getRegistry().lookupByNameAndType(SyncCore.POLLING_BEAN, SyncPolling.class);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @BeforeEach
    void healthy() {
        focus.reset();
        cycle();
        // the previous test's incidents close (its integration is gone) before this one counts
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> Alerts.of(bridge.context()).open().isEmpty());
        opened.clear();
        resolved.clear();
    }

    static void cycle() {
        assertThat(polling.runCycle("test").ran()).isTrue();
    }

    static Map<String, Object> integrationStatus() {
        Map<String, Object> status = new TogglFocusConnector().status(bridge.context());
        return ((List<Map<String, Object>>) status.get("calendarIntegrations")).stream()
                .filter(i -> String.valueOf(focus.seededIntegration()).equals(i.get("integrationId"))).findFirst().orElseThrow();
    }

    @Test
    void aBrokenIntegrationRaisesOneAlertAcrossCyclesAndResolvesWhenItHeals() {
        String key = "toggl-focus.calendar." + focus.seededIntegration();
        focus.errorStatus(focus.seededIntegration(), "invalid_grant");
        for (int i = 0; i < 4; i++) {
            cycle();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !opened.isEmpty());
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(opened).hasSize(1));
        assertThat(opened.get(0)).startsWith(key).contains("error_status invalid_grant").contains("re-authorize at http");
        assertThat(Alerts.of(bridge.context()).open()).extracting(Alerts.Incident::key).containsExactly(key);

        assertThat(integrationStatus()).containsEntry("state", "failing");
        assertThat((String) integrationStatus().get("reauthUrl")).contains("/_consent").contains("integration_id=" + focus.seededIntegration());
        ConnectorState state = bridge.connectorStates().get("toggl-focus");
        assertThat(state.problem()).contains("invalid_grant").contains("re-authorize at");

        focus.errorStatus(focus.seededIntegration(), null);
        cycle();
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(resolved).hasSize(1));
        assertThat(resolved.get(0)).startsWith(key).contains("healthy");
        assertThat(Alerts.of(bridge.context()).open()).isEmpty();
        assertThat(integrationStatus()).containsEntry("state", "ok");
        assertThat(bridge.connectorStates().get("toggl-focus").problem()).isNull();
        assertThat(opened).hasSize(1);
    }

    @Test
    void missingWriteScopeAndVanishedCalendarsAreIncidentsToo() {
        String key = "toggl-focus.calendar." + focus.seededIntegration();
        // the appointment flow (routes/) writes planned entries: an integration without write scope fails
        focus.writeScope(focus.seededIntegration(), false);
        cycle();
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(opened).hasSize(1));
        assertThat(opened.get(0)).contains("no write scope");

        focus.writeScope(focus.seededIntegration(), true);
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(resolved).hasSize(1));

        focus.deleteSelectedCalendars(focus.seededIntegration());
        cycle();
        cycle();
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(opened).hasSize(2));
        assertThat(opened.get(1)).startsWith(key).contains("selected calendar 'Work' disappeared");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(opened).hasSize(2));
        assertThat(integrationStatus()).containsEntry("state", "failing");
    }

    @Test
    void anOpenIncidentOutlivesARestartThroughTheStore() {
        focus.deleteSelectedCalendars(focus.seededIntegration());
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(opened).hasSize(1));

        // a new process (or the replica that runs the next cycle) starts from the stored check
        FocusCalendarHealth restarted = new FocusCalendarHealth(FocusApiRoutes.client(bridge.context()).operations(), true,
                () -> true, Clock.systemUTC(), new FocusHealthStore(bridge.database().dataSource()));
        assertThat(restarted.status()).containsEntry("calendarIntegrationsFailing", 1L);
        List<CalendarIntegrationHealth> first = restarted.check();
        // its first check reports every integration (its alert channel may be new), still failing:
        // the calendars it expected are remembered, not taken from what is selected now
        assertThat(first).singleElement().satisfies(h -> assertThat(h.problems()).anySatisfy(p ->
                assertThat(p).contains("'Work' disappeared")));
        assertThat(restarted.check()).isEmpty();
    }
}
