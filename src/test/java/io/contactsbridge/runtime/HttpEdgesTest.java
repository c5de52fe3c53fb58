package io.contactsbridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The HTTP server's body cap follows the webhook limit; health and metrics bind apart; a sandbox stays local. */
class HttpEdgesTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    static HttpResponse<String> post(String url, int bytes) throws Exception {
        byte[] body = new byte[bytes];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[bytes - 1] = '}';
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theBodyCapFollowsTheWebhookLimitAndManagementBindsApart() throws Exception {
        TestBridge tb = TestBridge.sandbox().with(BridgeSettings.WEBHOOK_MAX_BODY_BYTES, String.valueOf(3 * 1024 * 1024))
                .with(HttpEdges.MANAGEMENT_BIND_HOST, "127.0.0.2").with(SyncSettings.POLL_ENABLED, "false");
        try (Bridge bridge = tb.start()) {
            String webhook = TestBridge.httpUrl(bridge) + "/webhooks/toggl";
            // 2.5 MiB: above the old fixed 2 MiB server cap, under the configured limit: the intake
            // reads it (and refuses the missing signature), the server does not cut it off
            HttpResponse<String> allowed = post(webhook, 2_500_000);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(401);
            HttpResponse<String> tooLarge = post(webhook, 3 * 1024 * 1024 + 200_000);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).startsWith("{").contains("body_too_large");

            String port = bridge.settings().require(BridgeSettings.MANAGEMENT_PORT);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port
                    + "/observe/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/health/live")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aRequestNotAnsweredInTimeGetsA503JsonError() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with(HttpEdges.REQUEST_TIMEOUT_MS, "500")
                .with(SyncSettings.POLL_ENABLED, "false").start()) {
            var sim = bridge.simulators().get("highlevel", io.contactsbridge.sandbox.highlevel.HighLevelSimulator.class);
            sim.faults().latencyMs(3000);
            long started = System.nanoTime();
            HttpResponse<String> slow = HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge)
                    + "/sandbox/highlevel/contacts/?locationId=x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(slow.statusCode()).isEqualTo(503);
            assertThat(slow.body()).startsWith("{").contains("\"error\":\"timeout\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
            sim.faults().latencyMs(0);
        }
    }

    @Test
    void aSandboxListensOnLocalhostUnlessToldOtherwise() {
        TestBridge tb = TestBridge.sandbox().with(SyncSettings.POLL_ENABLED, "false");
        tb.settings().remove(BridgeSettings.BIND_HOST);
        try (Bridge bridge = tb.start()) {
            assertThat(bridge.settings().require(BridgeSettings.BIND_HOST)).isEqualTo("127.0.0.1");
            assertThat(HttpEdges.managementHost(bridge.settings())).isEqualTo("127.0.0.1");
        }
    }
}
