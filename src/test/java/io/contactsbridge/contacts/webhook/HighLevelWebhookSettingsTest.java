package io.contactsbridge.contacts.webhook;

import static io.contactsbridge.contacts.webhook.WebhookKeys.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.connector.webhook.PemPublicKeys;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The webhook key settings as a user meets them: the published keys by default, a start that fails without a usable key, one-line errors for bad keys. */
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
    void defaultsToThePublishedKeys() throws Exception {
        try (Bridge bridge = highLevelSandbox().start()) {
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.RSA_KEY))
                    .hasValue("classpath:highlevel/webhook-signing-key-rsa.pem");
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.ED25519_KEY))
                    .hasValue("classpath:highlevel/webhook-signing-key-ed25519.pem");
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.MAX_AGE_SECONDS)).hasValue("300");
            assertThat(bridge.settings().get(HighLevelWebhookPolicy.RETRY_HORIZON_SECONDS)).hasValue("4500");

            byte[] body = ("{\"type\":\"ContactCreate\",\"id\":\"c1\",\"timestamp\":\"" + Instant.now() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            WebhookKeys keys = new WebhookKeys();
            // signed with keys that are not HighLevel's published ones: both are checked, both fail
            var legacy = post(bridge, body, "application/json", "x-wh-signature", keys.legacyRsa(body));
            assertThat(legacy.statusCode()).isEqualTo(401);
            assertThat(new ObjectMapper().readTree(legacy.body()).path("error").asText()).isEqualTo("signature_invalid");
            var ghl = post(bridge, body, "application/json", "X-GHL-Signature", keys.ghl(body));
            assertThat(ghl.statusCode()).isEqualTo(401);
            assertThat(new ObjectMapper().readTree(ghl.body()).path("error").asText()).isEqualTo("signature_invalid");
            assertThat(BridgeProbe.inboxCount(bridge)).isZero();
        }
    }

    /** The shipped key: a PEM SPKI Ed25519 key, its base64 on one line, exactly as the vendor file. */
    private static final Pattern SHIPPED_FORMAT = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/]{59}=\n-----END PUBLIC KEY-----\n");

    @Test
    void theShippedKeyIsAnEd25519KeyAndADeliverySignedInItsFormatIsAccepted() throws Exception {
        String shipped = new String(getClass().getClassLoader()
                .getResourceAsStream("highlevel/webhook-signing-key-ed25519.pem").readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(shipped).matches(SHIPPED_FORMAT);
        assertThat(PemPublicKeys.parse(shipped, "Ed25519").getAlgorithm()).isIn("Ed25519", "EdDSA");

        // a generated pair stands in for HighLevel's: its public key written as the shipped file is
        KeyPair pair = WebhookKeys.generate("Ed25519", 0);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThat(pem).matches(SHIPPED_FORMAT);
        Path file = TestBridge.tempDir().resolve("highlevel-ed25519-" + System.nanoTime() + ".pem");
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        try (Bridge bridge = highLevelSandbox().with(HighLevelWebhookPolicy.ED25519_KEY, file.toString()).start()) {
            byte[] body = ("{\"type\":\"ContactCreate\",\"locationId\":\"test-location\",\"id\":\"c1\",\"webhookId\":\""
                    + UUID.randomUUID() + "\",\"timestamp\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
            // only X-GHL-Signature, as HighLevel sends since 2026-07-01
            var r = post(bridge, body, "application/json", "X-GHL-Signature", WebhookKeys.sign("Ed25519", pair.getPrivate(), body));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(BridgeProbe.inboxCount(bridge)).isEqualTo(1);
        }
    }

    @Test
    void aStartWithoutAKeyForCurrentDeliveriesFailsLoudly() throws Exception {
        // the RSA key alone cannot verify X-GHL-Signature, the only signature HighLevel sends now
        assertThatThrownBy(() -> highLevelSandbox().with(HighLevelWebhookPolicy.ED25519_KEY, "").start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HIGHLEVEL_WEBHOOK_ED25519_KEY")
                .hasMessageContaining("X-GHL-Signature")
                .hasMessageContaining("HIGHLEVEL_WEBHOOK_ENABLED=false");
        // with the receiver off no key is needed, and there is no receiver
        try (Bridge bridge = highLevelSandbox().with(HighLevelWebhookPolicy.ED25519_KEY, "")
                .with(HighLevelWebhookPolicy.ENABLED, "false").start()) {
            byte[] body = "{\"type\":\"ContactCreate\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(post(bridge, body, "application/json").statusCode()).isEqualTo(404);
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
