package io.contactsbridge.sandbox.highlevel;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** In sandbox mode the bridge serves the simulator with demo data and points the connector at it. */
class HighLevelSandboxModeTest {

    @Test
    void servesSeededDemoDataAndConnectorSettings() {
        try (Bridge bridge = TestBridge.sandbox().start()) {
            SimClient api = new SimClient(TestBridge.httpUrl(bridge) + "/sandbox/highlevel");
            SimClient.Res r = api.get("/contacts/?locationId=sandbox-location");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.list("contacts")).extracting(c -> c.get("email")).contains("ada@analytical.example");
            assertThat(bridge.settings().require("highlevel.base-url")).endsWith("/sandbox/highlevel");
            assertThat(bridge.settings().require("highlevel.token")).isEqualTo(HighLevelSimulator.TOKEN);
            assertThat(bridge.settings().require("highlevel.webhook.ed25519-key")).startsWith("-----BEGIN PUBLIC KEY-----");
        }
    }
}
