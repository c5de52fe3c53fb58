package io.contactsbridge.contacts.webhook;

import static io.contactsbridge.contacts.webhook.WebhookKeys.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The webhook key settings as a user meets them: the published RSA key by default, one-line errors for bad keys. */
class HighLevelWebhookSettingsTest {

    /**
     * RUN mode: in sandbox mode the simulator hands its own webhook keys to the settings. The
     * HighLevel API is not called at start here (the address is never reached).
     */
    private static TestBridge highLevelSandbox() {
        return TestBridge.of(Bridge.Mode.RUN)
                .with("highlevel.base-url", "http://127.0.0.1:9/unreachable")
                .with("highlevel.location-id", "test-location").with("highlevel.token", "test-token");
    }

    @Test
    void defaultsToThePublishedRsaKeyAndNoEd25519Key() throws Exception {
        try (Bridge bridge = highLevelSandbox().start()) {
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.RSA_KEY))
                    .hasValue("classpath:highlevel/webhook-signing-key-rsa.pem");
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.ED25519_KEY)).isEmpty();
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.MAX_AGE_SECONDS)).hasValue("300");

            byte[] body = ("{\"type\":\"ContactCreate\",\"id\":\"c1\",\"timestamp\":\"" + Instant.now() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            WebhookKeys keys = new WebhookKeys();
            // signed with a key that is not HighLevel's published one
            var legacy = post(bridge, body, "application/json", "x-wh-signature", keys.legacyRsa(body));
            assertThat(legacy.statusCode()).isEqualTo(401);
            assertThat(new ObjectMapper().readTree(legacy.body()).path("error").asText()).isEqualTo("signature_invalid");
            var ghl = post(bridge, body, "application/json", "X-GHL-Signature", keys.ghl(body));
            assertThat(ghl.statusCode()).isEqualTo(401);
            assertThat(new ObjectMapper().readTree(ghl.body()).path("error").asText()).isEqualTo("signature_unverifiable");
            assertThat(BridgeProbe.inboxCount(bridge)).isZero();
        }
    }

    @Test
    void aBadKeyStopsTheStartWithALineNamingTheSetting() {
        assertThatThrownBy(() -> highLevelSandbox().with(HighLevelWebhookPolicy.ED25519_KEY, "/no/such/key.pem").start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HIGHLEVEL_WEBHOOK_ED25519_KEY");
        assertThatThrownBy(() -> highLevelSandbox().with(HighLevelWebhookPolicy.MAX_AGE_SECONDS, "soon").start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HIGHLEVEL_WEBHOOK_MAX_AGE_SECONDS");
    }
}
