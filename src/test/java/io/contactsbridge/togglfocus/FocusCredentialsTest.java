package io.contactsbridge.togglfocus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.togglfocus.TogglFocusSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** Basic e-mail and password where configured instead of a key; a wrong key is a clear refusal. */
class FocusCredentialsTest {

    @Test
    void basicCredentialsWorkAndAWrongKeyIsRefused() {
        TogglFocusSimulator focus = new TogglFocusSimulator();
        try (Bridge bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), focus))
                .with("toggl-focus.api-key", "").with("toggl-focus.email", TogglFocusSimulator.EMAIL)
                .with("toggl-focus.password", TogglFocusSimulator.PASSWORD).start()) {
            assertThat(FocusApiRoutes.client(bridge.context()).operations()
                    .callForMap("list-calendar-integrations", Map.of(), null)).containsKey("items");
        }
        try (Bridge bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), focus))
                .with("toggl-focus.api-key", "toggl_sk_wrong").start()) {
            assertThatThrownBy(() -> FocusApiRoutes.client(bridge.context()).operations()
                    .callForMap("list-calendar-integrations", Map.of(), null))
                    .isInstanceOf(Unauthorized.class).hasMessageContaining("TOGGL_FOCUS_API_KEY");
        }
    }

    @Test
    void quotaIs402AndPausesEveryCallUntilItResets() {
        TogglFocusSimulator focus = new TogglFocusSimulator();
        try (Bridge bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), focus))
                // no catch-up poll at start: it would spend the two requests of the quota first
                .with("bridge.poll.enabled", "false").start()) {
            Operations ops = FocusApiRoutes.client(bridge.context()).operations();
            focus.hourlyQuota(2);
            ops.callForMap("list-calendar-integrations", Map.of(), null);
            ops.callForMap("list-calendar-integrations", Map.of(), null);
            assertThatThrownBy(() -> ops.callForMap("list-calendar-integrations", Map.of(), null))
                    .isInstanceOf(QuotaExhausted.class).hasMessageContaining("quota").hasMessageContaining("resets in");
            // the pause holds the next call back without sending it, whichever path form
            focus.hourlyQuota(600);
            assertThatThrownBy(() -> ops.callForMap("workspace-list-calendar-integrations", Map.of(), null))
                    .isInstanceOf(QuotaExhausted.class).hasMessageContaining("paused");
            assertThat(new TogglFocusConnector().status(bridge.context())).containsEntry("quotaPaused", true);
        }
    }
}
