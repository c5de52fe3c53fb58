package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Hubstaff connector's own parts against its simulators, through the operation routes: the
 * rotating refresh token (concurrency, a crash between the token endpoint and the store, a 401),
 * the refresh token's end in the status data, cursor paging, 429 with Retry-After, and the webhook
 * intake (handshake, wrong secret, wrong path).
 */
class HubstaffConnectorTest {
    static HubstaffTestSupport t;
    static Operations hubstaff;
    static RotatingTokenProvider tokens;

    @BeforeAll
    static void start() {
        t = new HubstaffTestSupport(Map.of());
        hubstaff = HubstaffApiRoutes.client(t.bridge.context()).operations();
        tokens = HubstaffApiRoutes.tokens(t.bridge.context());
        await().atMost(Duration.ofSeconds(20)).until(() -> t.hubstaff.webhooks().stream().anyMatch(w -> "active".equals(w.get("status"))));
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void concurrentCallsAfterA401RefreshOnceAndTheNewRefreshTokenIsStoredFirst() throws Exception {
        hubstaff.call("get-organization", Map.of(), null);
        String before = tokens.stored().orElseThrow().refreshToken();
        int exchanges = t.account.exchanges();
        t.hubstaff.limits(Map.of("expireTokens", true)); // every access token is refused (401) from now on
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit((Callable<Object>) () -> hubstaff.call("get-organization", Map.of(), null)));
            }
            for (Future<Object> f : calls) {
                assertThat(f.get()).isInstanceOf(Map.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.account.exchanges() - exchanges).as("one refresh for all of them").isEqualTo(1);
        String after = tokens.stored().orElseThrow().refreshToken();
        assertThat(after).isNotEqualTo(before);
        assertThat(t.account.refreshTokenValid(before)).as("the old refresh token stopped working").isFalse();
        assertThat(t.account.refreshTokenValid(after)).isTrue();
    }

    @Test
    void aCrashAfterTheTokenEndpointAnsweredLosesNothing() {
        hubstaff.call("get-organization", Map.of(), null);
        String old = tokens.stored().orElseThrow().refreshToken();
        int[] crashes = {1};
        tokens.crashHook(step -> {
            if (step == RotatingTokenProvider.Step.AFTER_TOKEN_ENDPOINT && crashes[0]-- > 0) {
                throw new IllegalStateException("simulated crash after the token endpoint answered");
            }
        });
        try {
            t.hubstaff.limits(Map.of("expireTokens", true));
            int exchanges = t.account.exchanges();
            assertThatThrownBy(() -> hubstaff.call("get-organization", Map.of(), null)).hasMessageContaining("simulated crash");
            assertThat(t.account.refreshTokenValid(old)).as("spent at Hubstaff").isFalse();
            assertThat(tokens.stored().orElseThrow().refreshToken()).as("not stored yet").isEqualTo(old);
            // the next call stores the pair the endpoint gave, without a second exchange
            assertThat(hubstaff.call("get-organization", Map.of(), null)).isInstanceOf(Map.class);
            assertThat(t.account.exchanges() - exchanges).isEqualTo(1);
            assertThat(t.account.refreshTokenValid(tokens.stored().orElseThrow().refreshToken())).isTrue();
        } finally {
            tokens.crashHook(null);
        }
    }

    @Test
    void aRefreshTokenNearItsEndIsAWarningInTheStatus() {
        t.account.configure(Map.of("refreshTokenDays", 5));
        try {
            t.hubstaff.limits(Map.of("expireTokens", true));
            hubstaff.call("get-organization", Map.of(), null); // 401, refresh: the new refresh token ends in 5 days
            Map<String, Object> status = new HubstaffConnector().status(t.bridge.context());
            assertThat(status.get("refreshTokenDaysLeft")).isIn(4L, 5L);
            assertThat(String.valueOf(status.get("warning"))).contains("HUBSTAFF_REFRESH_TOKEN");
            assertThat(Alerts.of(t.bridge.context()).open()).anyMatch(i -> i.key().equals(HubstaffTokenStatus.ALERT));
        } finally {
            t.account.configure(Map.of("refreshTokenDays", 90));
            t.hubstaff.limits(Map.of("expireTokens", true));
            hubstaff.call("get-organization", Map.of(), null);
        }
        Map<String, Object> status = new HubstaffConnector().status(t.bridge.context());
        assertThat(status).doesNotContainKey("warning");
        assertThat(status.get("quota")).isInstanceOf(Map.class);
    }

    @Test
    void listsFollowTheCursorOverSeveralPagesKeepingTheirFilters() {
        for (int i = 0; i < 7; i++) {
            t.hubstaff.createClient("Paged Client " + i, "paged" + i + "@test.example", null, null);
        }
        long total = t.hubstaff.clients().size();
        t.bridge.simulators().log("hubstaff").clear();
        Map<String, Object> all = hubstaff.callForMap("list-clients",
                Map.of("status", "all", "page_limit", 3, ApiClient.FOLLOW_PAGES, "true"), null);
        assertThat((List<?>) all.get("clients")).hasSize((int) total);
        var requests = t.bridge.simulators().log("hubstaff").entries();
        assertThat(requests.size()).isGreaterThanOrEqualTo(3);
        assertThat(requests).allSatisfy(e -> assertThat(e.query()).contains("status=all").contains("page_limit=3"));
        assertThat(requests.subList(1, requests.size())).allSatisfy(e -> assertThat(e.query()).contains("page_start_id="));
    }

    @Test
    void a429IsWaitedOutAsItsRetryAfterSays() {
        t.hubstaff.faults().failNext(1, 429);
        assertThat(hubstaff.call("get-organization", Map.of(), null)).isInstanceOf(Map.class);
        assertThat(t.bridge.simulators().log("hubstaff").entries()).anyMatch(e -> e.status() == 429);
        assertThat(((Number) HubstaffApiRoutes.client(t.bridge.context()).profile().quota().status().get("refused429")).longValue())
                .isPositive();
    }

    @Test
    void aBadRequestIsAClearError() {
        assertThatThrownBy(() -> hubstaff.call("list-daily-activities", Map.of("date[start]", "yesterday"), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("date");
    }

    // ------------------------------------------------------------------ webhook intake

    static String token() throws Exception {
        try (Connection c = t.bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT path_token FROM hubstaff_webhook WHERE active = TRUE");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(t.bridge) + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHandshakeEchoesTheSecretAndAWrongSecretOrPathIsRefused() throws Exception {
        String token = token();
        // Hubstaff's handshake: an empty body with X-Hook-Secret, answered 200 with the same header
        HttpResponse<String> handshake = post("/webhooks/hubstaff/" + token, null, "X-Hook-Secret", storedSecret());
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.headers().firstValue("X-Hook-Secret")).contains(storedSecret());

        String event = "{\"event\":\"timer.stop\",\"id\":\"evt-intake-1\",\"data\":{\"activity\":{\"id\":1}}}";
        assertThat(post("/webhooks/hubstaff/" + token, event, "Content-Type", "application/json").statusCode()).isEqualTo(200);
        assertThat(post("/webhooks/hubstaff/" + token, event, "Content-Type", "application/json").body()).contains("duplicate");
        // a delivery that carries a secret must carry the right one
        HttpResponse<String> wrong = post("/webhooks/hubstaff/" + token, event.replace("evt-intake-1", "evt-intake-2"),
                "Content-Type", "application/json", "X-Hook-Secret", "not-the-secret");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(token);
        // any other path: refused before anything is read or stored
        assertThat(post("/webhooks/hubstaff/" + token.substring(1) + "x", event, "Content-Type", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(post("/webhooks/hubstaff", event, "Content-Type", "application/json").statusCode()).isEqualTo(404);
        assertThat(post("/webhooks/hubstaff/" + token, "{\"no\":\"type\"}", "Content-Type", "application/json").statusCode())
                .isEqualTo(400);
        assertThat(io.contactsbridge.testing.BridgeProbe.inbox(t.bridge, "hubstaff"))
                .filteredOn(r -> r.get("event_id").startsWith("evt-intake")).hasSize(1);
    }

    static String storedSecret() throws Exception {
        try (Connection c = t.bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT hook_secret FROM hubstaff_webhook WHERE active = TRUE");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
