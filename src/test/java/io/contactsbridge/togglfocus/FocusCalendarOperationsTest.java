package io.contactsbridge.togglfocus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.Conflict;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.togglfocus.TogglFocusSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every calendar-integration operation, in both path forms, through its operation route against the simulator. */
@SuppressWarnings("unchecked")
class FocusCalendarOperationsTest {
    static TogglFocusSimulator focus;
    static Bridge bridge;
    static Operations ops;

    @BeforeAll
    static void start() {
        focus = new TogglFocusSimulator();
        bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), focus)).start();
        ops = FocusApiRoutes.client(bridge.context()).operations();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @BeforeEach
    void reset() {
        focus.reset();
    }

    static List<Map<String, Object>> calendars() {
        return (List<Map<String, Object>>) call("list-integration-calendars", Map.of("integration_id", id()), null).get("items");
    }

    static Map<String, Object> call(String op, Map<String, Object> headers, Object body) {
        return ops.callForMap(op, headers, body);
    }

    static String id() {
        return String.valueOf(focus.seededIntegration());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void listsIntegrationsAndTheirCalendars(String form) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) call(form + "list-calendar-integrations", Map.of(), null).get("items");
        assertThat(items).singleElement().satisfies(i -> assertThat(i)
                .containsEntry("email", TogglFocusSimulator.CALENDAR_ACCOUNT).containsEntry("provider", "google")
                .containsEntry("has_write_scope", true).containsKeys("calendar_integration_id", "error_status", "scopes", "calendars"));
        List<Map<String, Object>> calendars = (List<Map<String, Object>>) call(form + "list-integration-calendars",
                Map.of("integration_id", id()), null).get("items");
        assertThat(calendars).extracting(c -> c.get("name")).containsExactly("Work", "Personal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void setUpAnswersTheProvidersOAuthUrlWithoutFollowingIt(String form) {
        Map<String, Object> answer = call(form + "setup-calendar-integration",
                Map.of("provider", "outlook", "return_to", "https://bridge.example.com/done"), null);
        assertThat(answer).containsEntry("status", 302);
        assertThat((String) answer.get("location")).contains("/_consent?provider=outlook")
                .contains("return_to=https%3A%2F%2Fbridge.example.com%2Fdone");
        // not followed: the consent page (which connects an account) was not opened by the bridge
        assertThat(focus.integrations()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void setUpOfAnExistingIntegrationIsAClearConflict(String form) {
        assertThatThrownBy(() -> call(form + "setup-calendar-integration", Map.of("provider", "google"), null))
                .isInstanceOf(Conflict.class).hasMessageContaining("already exists").hasMessageNotContaining("\n");
        // and it paused nothing: the next call goes through
        assertThat(call(form + "list-calendar-integrations", Map.of(), null)).containsKey("items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void updatesACalendar(String form) {
        Map<String, Object> personal = calendars().get(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("selected", true);
        body.put("default_project_id", 9002);
        body.put("default_workspace_id", TogglFocusSimulator.WORKSPACE_ID);
        body.put("background_color", "#112233");
        body.put("foreground_color", "#ffffff");
        Map<String, Object> updated = call(form + "update-integration-calendar",
                Map.of("integration_id", id(), "calendar_id", String.valueOf(personal.get("calendar_id"))), body);
        assertThat(updated).containsEntry("selected", true).containsEntry("default_project_id", 9002)
                .containsEntry("background_color", "#112233");
        assertThat(calendars().get(1)).containsEntry("selected", true);

        assertThatThrownBy(() -> call(form + "update-integration-calendar", Map.of("integration_id", id(),
                "calendar_id", String.valueOf(personal.get("calendar_id"))), Map.of("background_color", "blue")))
                .isInstanceOf(Invalid.class).hasMessageContaining("invalid request").hasMessageContaining("hexcolor");
        assertThatThrownBy(() -> call(form + "update-integration-calendar", Map.of("integration_id", id(),
                "calendar_id", "1"), Map.of("selected", true)))
                .isInstanceOf(NotFound.class).hasMessageContaining("not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void requestsWriteScopeAndRefreshes(String form) {
        Map<String, Object> reauth = call(form + "request-calendar-write-scope", Map.of("integration_id", id()), null);
        assertThat((String) reauth.get("location")).contains("scope=calendar.events").contains("integration_id=" + id());
        assertThatThrownBy(() -> call(form + "request-calendar-write-scope", Map.of("integration_id", "999"), null))
                .isInstanceOf(NotFound.class).hasMessageContaining("calendar integration not found");

        List<Map<String, Object>> refreshed = (List<Map<String, Object>>) call(form + "refresh-calendar-integration",
                Map.of("integration_id", id()), null).get("items");
        assertThat(refreshed).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "workspace-"})
    void deletesAnIntegration(String form) {
        call(form + "delete-calendar-integration", Map.of("integration_id", id()), null);
        assertThat(focus.integrations()).isEmpty();
        assertThatThrownBy(() -> call(form + "delete-calendar-integration", Map.of("integration_id", id()), null))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void badInputIsOneClearLine() {
        assertThatThrownBy(() -> call("setup-calendar-integration", Map.of("provider", "fax"), null))
                .isInstanceOf(Invalid.class).hasMessage("Toggl Focus setup-calendar-integration: invalid request: provider must be one of google, outlook");
        assertThatThrownBy(() -> call("list-integration-calendars", Map.of(), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("missing path parameter integration_id");
    }

    @Test
    void aPlannedEntryWhoseAnswerWasLostIsFoundNotCreatedTwice() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("description", "Review " + FocusAppointments.MARKER + "lost-1]");
        entry.put("project_id", TogglFocusSimulator.DEFAULT_PROJECT_ID);
        entry.put("planned_start", "2031-01-02T10:00:00Z");
        entry.put("planned_duration", 1800);
        focus.failNextAfterApplying(1, 502);
        Map<String, Object> created = call("create-time-entry", Map.of(), entry);
        assertThat(created).containsEntry("description", entry.get("description"));
        assertThat(focus.timeEntries()).hasSize(1);

        Map<String, Object> moved = call("update-time-entry", Map.of("time_entry_id", String.valueOf(created.get("id"))),
                Map.of("planned_start", "2031-01-02T11:00:00Z"));
        assertThat(moved).containsEntry("planned_start", "2031-01-02T11:00:00Z");
        call("delete-time-entry", Map.of("time_entry_id", String.valueOf(created.get("id"))), null);
        assertThat(focus.timeEntries()).isEmpty();
        assertThatThrownBy(() -> call("list-time-entries", Map.of("date_from", "yesterday", "date_to", "2031-01-03T00:00:00Z"), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("RFC 3339");
    }

    @Test
    void theSandboxSwitchesAnIntegrationBrokenOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String root = TestBridge.httpUrl(bridge) + "/sandbox/toggl-focus";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/_calendars"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorStatus\":\"invalid_grant\",\"hasWriteScope\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> items = (List<Map<String, Object>>) call("list-calendar-integrations", Map.of(), null).get("items");
        assertThat(items.get(0)).containsEntry("error_status", "invalid_grant").containsEntry("has_write_scope", false);

        HttpResponse<String> unauthenticated = http.send(HttpRequest.newBuilder(
                URI.create(root + "/api/workspaces/4000/integrations/calendar")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body()).contains("\"error\":\"unauthorized\"").contains("trace_id");
    }
}
