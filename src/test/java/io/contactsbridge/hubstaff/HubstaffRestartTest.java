package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.hubstaff.HubstaffAccountSimulator;
import io.contactsbridge.sandbox.hubstaff.HubstaffSimulator;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The rotated refresh token survives the process: a restart with the same (spent) HUBSTAFF_REFRESH_TOKEN uses the stored one. */
class HubstaffRestartTest {

    @Test
    void aRestartUsesTheStoredRotatedTokenNotTheSpentConfiguredOne() {
        HighLevelSimulator highlevel = new HighLevelSimulator();
        HubstaffSimulator hubstaff = new HubstaffSimulator();
        HubstaffAccountSimulator account = new HubstaffAccountSimulator();
        String db = "jdbc:h2:file:" + TestBridge.tempDir().resolve("restart").toAbsolutePath();
        Map<String, String> settings = Map.of("bridge.db.url", db, "bridge.poll.enabled", "false",
                "hubstaff.webhook.subscribe-on-start", "false");
        String rotated;
        try (Bridge first = TestBridge.sandbox().simulators(List.of(highlevel, account, hubstaff)).with(settings).start()) {
            HubstaffApiRoutes.client(first.context()).operations().call("get-organization", Map.of(), null);
            assertThat(account.refreshTokenValid(HubstaffAccountSimulator.REFRESH_TOKEN)).isFalse();
            rotated = HubstaffApiRoutes.tokens(first.context()).stored().orElseThrow().refreshToken();
        }
        int exchanges = account.exchanges();
        // killed or stopped: the next process starts from the stored pair; the access token expired meanwhile
        hubstaff.limits(Map.of("expireTokens", true));
        // (a fresh HighLevel simulator: the sandbox seeds its demo contacts at every start)
        try (Bridge second = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), account, hubstaff)).with(settings)
                .start()) {
            assertThat(HubstaffApiRoutes.client(second.context()).operations().call("get-organization", Map.of(), null))
                    .isInstanceOf(Map.class);
            assertThat(account.exchanges() - exchanges).isEqualTo(1);
            assertThat(account.refreshTokenValid(rotated)).isFalse();
            assertThat(account.refreshTokenValid(HubstaffApiRoutes.tokens(second.context()).stored().orElseThrow().refreshToken()))
                    .isTrue();
        }
    }
}
