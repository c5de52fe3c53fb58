package io.contactsbridge.toggl;

import static io.contactsbridge.toggl.TogglTestSupport.inbox;
import static io.contactsbridge.toggl.TogglTestSupport.postWebhook;
import static io.contactsbridge.toggl.TogglTestSupport.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.webhook.WebhookIntake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Toggl's rules on the shared intake ({@code POST /webhooks/toggl}) where the old Toggl receiver
 * had none of its own: a declared Content-Length over the limit is refused before the body counts,
 * and a store that is down answers 503 with Retry-After, which makes Toggl deliver again (it retries
 * any non-2xx); and Toggl's own answers, word for word.
 */
class TogglWebhookIntakeTest {
    private static final String SECRET = TogglSimulator.WEBHOOK_SECRET;
    /** This test's event ids, far from the simulator's own. */
    private static final long FIRST_ID = 6_600_000_000L;
    static Bridge bridge;

    @BeforeAll
    static void start() {
        TogglSimulator sim = new TogglSimulator();
        sim.limits(Map.of("rateLimitEnabled", false));
        bridge = TestBridge.sandbox().connectors(TogglTestSupport.togglWithoutHubApi()).simulators(List.of(sim))
                .with(SyncSettings.POLL_ENABLED, "false").with(SyncSettings.MAX_ATTEMPTS, "1")
                .with("toggl.subscribe-on-start", "false").start();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static String clientEvent(long eventId) {
        return TogglConnectorTest.event(eventId, "client", "created",
                "{\"id\":" + eventId + ",\"name\":\"Intake " + eventId + "\",\"at\":\"2026-01-01T00:00:00+00:00\"}");
    }

    @Test
    void storedDuplicateAndPingAreAnsweredInTogglsWords() throws Exception {
        String body = clientEvent(FIRST_ID);
        HttpResponse<String> stored = postWebhook(bridge, body, sign(SECRET, body));
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("{\"status\":\"stored\",\"event_id\":" + FIRST_ID + "}");
        HttpResponse<String> again = postWebhook(bridge, body, sign(SECRET, body));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\",\"event_id\":" + FIRST_ID + "}");
        String ping = "{\"event_id\":0,\"payload\":\"ping\",\"subscription_id\":9,\"validation_code\":\"c0de-42\"}";
        HttpResponse<String> pong = postWebhook(bridge, ping, sign(SECRET, ping));
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(pong.body()).isEqualTo("{\"validation_code\":\"c0de-42\"}");
        assertThat(inbox(bridge)).filteredOn(r -> r.startsWith(FIRST_ID + "|")).hasSize(1);
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIsRefusedWhateverTheBody() throws Exception {
        // over HTTP the declared length is the real one; the intake with Toggl's policy is asked directly
        Settings settings = Settings.of(bridge.context());
        WebhookPolicy policy = new TogglConnector().webhookPolicy(settings).orElseThrow();
        WebhookIntake intake = WebhookIntake.create(bridge.context(), policy);
        int limit = settings.getInt(BridgeSettings.WEBHOOK_MAX_BODY_BYTES, BridgeSettings.DEFAULT_WEBHOOK_MAX_BODY_BYTES,
                1, Integer.MAX_VALUE);
        byte[] small = clientEvent(FIRST_ID + 1).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/json", TogglWebhookPolicy.SIGNATURE_HEADER,
                sign(SECRET, small));

        WebhookIntake.Outcome declaredTooLarge = intake.handle(String.valueOf(limit + 1L), small, headers::get);
        assertThat(declaredTooLarge.reply().status()).isEqualTo(413);
        assertThat(declaredTooLarge.reply().body()).containsEntry("error", "body_too_large");
        assertThat(inbox(bridge)).noneMatch(r -> r.startsWith((FIRST_ID + 1) + "|"));

        WebhookIntake.Outcome trueLength = intake.handle(String.valueOf(small.length), small, headers::get);
        assertThat(trueLength.reply().status()).isEqualTo(200);
        assertThat(trueLength.counted()).isEqualTo("stored");
    }

    @Test
    void aStoreThatIsDownAnswers503WithRetryAfterAndTheRetryIsStored() throws Exception {
        String body = clientEvent(FIRST_ID + 2);
        HttpResponse<String> down;
        sql("ALTER TABLE inbox RENAME TO inbox_away");
        try {
            down = postWebhook(bridge, body, sign(SECRET, body));
        } finally {
            sql("ALTER TABLE inbox_away RENAME TO inbox");
        }
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue(WebhookPolicy.RETRY_AFTER_SECONDS);
        assertThat(down.body()).startsWith("{\"error\":\"store_unavailable\",\"message\":");
        // nothing was stored, so Toggl's next delivery is a first, not a duplicate
        HttpResponse<String> retried = postWebhook(bridge, body, sign(SECRET, body));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"stored\"");
        assertThat(BridgeProbe.metrics(bridge))
                .containsPattern("bridge_webhook_rejected_total\\{reason=\"store_unavailable\",source=\"toggl\"} [1-9]");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
