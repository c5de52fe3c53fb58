package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP side, alert channel and meters on an in-process sandbox bridge: sign-in,
 * sessions and CSRF, the status JSON behind the page, one webhook post per incident and per
 * resolve, and the gauges and counters on /observe/metrics.
 */
class ConsoleSandboxTest {
    static final String ADMIN = "console-sandbox-admin-token";
    static final List<Map<String, Object>> POSTED = new CopyOnWriteArrayList<>();
    static Bridge bridge;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        TestBridge tb = TestBridge.sandbox();
        String hook = "http://127.0.0.1:" + tb.settings().get(Bridge.HTTP_PORT) + "/test/alert-hook";
        bridge = tb.with("bridge.admin-token", ADMIN).with("bridge.poll.enabled", "false")
                .with(ConsoleSettings.WEBHOOK_URL, hook).with(ConsoleSettings.ALERT_INTERVAL_SECONDS, "1")
                .with(ConsoleSettings.CHECK_INTERVAL_MINUTES, "0").start();
        bridge.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test/alert-hook?httpMethodRestrict=POST").routeId("test.alert-hook")
                        .process(e -> POSTED.add(SyncJson.readMap(e.getMessage().getBody(String.class))))
                        .setBody(constant("ok"));
            }
        });
        base = TestBridge.httpUrl(bridge);
        PluginHelper.getRoutesLoader(bridge.context()).loadRoutes(
                ResourceHelper.resolveResource(bridge.context(), "classpath:flows/test-client-to-contact.yaml"));
        send("POST", "/api/sync-now", Map.of("Authorization", "Bearer " + ADMIN), null);
        Quiet.settle(bridge);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static HttpResponse<String> send(String method, String path, Map<String, String> headers, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(b::header);
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in; returns the cookie header and the page's CSRF token. */
    static String[] signIn() throws Exception {
        HttpResponse<String> login = send("POST", "/console/login", Map.of(), "token=" + ADMIN);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).contains("/");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(ADMIN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> page = send("GET", "/", Map.of("Cookie", cookie), null);
        Matcher csrf = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        return new String[] {cookie, csrf.group(1)};
    }

    @Test
    void withoutASessionOnlyTheSignInFormAndAWrongTokenIsRefused() throws Exception {
        HttpResponse<String> page = send("GET", "/", Map.of(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"token\"").doesNotContain("id=\"connections\"");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(send("POST", "/console/login", Map.of(), "token=wrong").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/view", Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/console/check", Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/view", Map.of("Cookie", "cb_console=v1.99999999999.abc.def"), null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void buttonsNeedTheSessionsCsrfToken() throws Exception {
        String[] s = signIn();
        assertThat(send("POST", "/console/check", Map.of("Cookie", s[0]), null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/console/check", Map.of("Cookie", s[0], "X-CSRF-Token", "forged"), null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> check = send("POST", "/console/check", Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null);
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains("\"highlevel\"").contains("\"toggl\"").contains("\"ok\":true");
        assertThat(send("POST", "/console/dead-letters/999999/replay", Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null)
                .statusCode()).isEqualTo(404);
        HttpResponse<String> view = send("GET", "/console/view?outcome=written", Map.of("Cookie", s[0]), null);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("id=\"connection-highlevel\"").contains("<svg").contains("<option selected value=\"written\">");
    }

    @Test
    void deadLettersOfOneReasonAreReplayedTogetherAndOneIsDropped() throws Exception {
        String[] s = signIn();
        DeadLetters letters = new DeadLetters(bridge.database().dataSource());
        int before = letters.openCount();
        bridge.simulators().get("highlevel", HighLevelSimulator.class).faults().failNext(3, 422);
        Inbox inbox = new Inbox(bridge.database().dataSource());
        for (String id : List.of("reason-1", "reason-2", "reason-3")) {
            CanonicalChange c = new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.UPDATED,
                    id, Map.of("name", "Reason Co " + id, "email", id + "@example.com"), Instant.now(), null);
            inbox.store(c.source(), c.eventId(), c.recordKey(), Inbox.KIND_CHANGE, SyncJson.toJson(c));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> letters.openCount() == before + 3);
        String view = send("GET", "/console/view", Map.of("Cookie", s[0]), null).body();
        assertThat(view).contains("Replay all of this reason").contains("test:client:reason-1")
                .doesNotContain("reason-1@example.com");
        long dropped = letters.list().stream().filter(m -> "test:client:reason-3".equals(m.get("recordKey")))
                .mapToLong(m -> ((Number) m.get("id")).longValue()).findFirst().orElseThrow();
        assertThat(send("POST", "/console/dead-letters/" + dropped + "/drop", Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null)
                .body()).contains("dropped");
        String reason = DeadLetterView.reason((String) letters.list().get(0).get("lastError"));
        HttpResponse<String> replay = send("POST", "/console/dead-letters/replay-reason?reason="
                + java.net.URLEncoder.encode(reason, java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(SyncJson.readMap(replay.body())).containsEntry("count", 2);
        SyncLinks links = new SyncLinks(bridge.database().dataSource(), "highlevel");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> links.targetId("test", "client", "reason-1") != null
                && links.targetId("test", "client", "reason-2") != null);
        assertThat(letters.openCount()).isEqualTo(before);
        assertThat(links.targetId("test", "client", "reason-3")).isNull();
    }

    @Test
    void aWriteIsUndoneFromTheActivityLog() throws Exception {
        TogglSimulator toggl = bridge.simulators().get(TogglSimulator.NAME, TogglSimulator.class);
        HighLevelSimulator highlevel = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
        // a demo client (one without projects, so nothing else writes its contact) renamed in Toggl: its
        // contact is updated by the next poll, a write the console can undo
        long globex = ((Number) toggl.rows("client").stream().filter(c -> "Globex Ltd".equals(c.get("name")))
                .findFirst().orElseThrow().get("id")).longValue();
        toggl.updateClient(globex, Map.of("name", "Globex Holdings Ltd"));
        send("POST", "/api/sync-now", Map.of("Authorization", "Bearer " + ADMIN), null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> highlevel.contacts().stream()
                .anyMatch(c -> "Globex Holdings Ltd".equals(c.get("companyName"))));
        String[] s = signIn();
        String page = send("GET", "/?flow=toggl-client-to-contact", Map.of("Cookie", s[0]), null).body();
        Matcher undo = Pattern.compile("data-post=\"(/console/audit/\\d+/undo)\"").matcher(page);
        assertThat(undo.find()).as("an Undo button on the update").isTrue();
        assertThat(send("POST", undo.group(1), Map.of("Cookie", s[0]), null).statusCode()).as("without CSRF").isEqualTo(403);

        HttpResponse<String> undone = send("POST", undo.group(1), Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null);
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        assertThat(undone.body()).contains("undone");
        Awaitility.await().alias("restored after " + undone.body()).atMost(Duration.ofSeconds(30))
                .until(() -> highlevel.contacts().stream().anyMatch(c -> "Globex Ltd".equals(c.get("companyName"))));
        assertThat(highlevel.contacts()).noneMatch(c -> "Globex Holdings Ltd".equals(c.get("companyName")));
        // undone once: a second click restores nothing more
        assertThat(send("POST", undo.group(1), Map.of("Cookie", s[0], "X-CSRF-Token", s[1]), null).body())
                .doesNotContain("restored");
    }

    @Test
    void statusJsonNeedsTheBearerTokenAndCarriesConnectionsAndIncidents() throws Exception {
        assertThat(send("GET", "/api/status", Map.of(), null).statusCode()).isEqualTo(401);
        HttpResponse<String> status = send("GET", "/api/status", Map.of("Authorization", "Bearer " + ADMIN), null);
        assertThat(status.statusCode()).isEqualTo(200);
        Map<String, Object> json = SyncJson.readMap(status.body());
        assertThat((List<Map<String, Object>>) json.get("connections")).extracting(c -> c.get("id"))
                .contains("highlevel", "toggl");
        assertThat(json).containsKey("incidents").containsKey("sync");
    }

    @Test
    void anIncidentIsPostedOnceWithSlackTextAndOnceWhenResolved() {
        Alerts alerts = Alerts.of(bridge.context());
        assertThat(alerts).isInstanceOf(BridgeAlerts.class);
        POSTED.clear();
        assertThat(alerts.raise("test.calendar.broken", "toggl", "calendar integration broken")).isTrue();
        assertThat(alerts.raise("test.calendar.broken", "toggl", "calendar integration broken")).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> POSTED.stream()
                .anyMatch(p -> "test.calendar.broken".equals(p.get("key"))));
        assertThat(alerts.resolve("test.calendar.broken", "calendar integration works again")).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> POSTED.stream()
                .filter(p -> "test.calendar.broken".equals(p.get("key"))).count() == 2);
        List<Map<String, Object>> mine = POSTED.stream().filter(p -> "test.calendar.broken".equals(p.get("key"))).toList();
        assertThat(mine.get(0)).containsEntry("status", "open").containsEntry("connector", "toggl");
        assertThat((String) mine.get(0).get("text")).contains("calendar integration broken");
        assertThat(mine.get(1)).containsEntry("status", "resolved");
        assertThat((String) mine.get(1).get("text")).contains("works again");
    }

    @Test
    void theMetricsBehindTheAlertsAreExported() throws Exception {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create(TestBridge.managementUrl(bridge) + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> HTTP.send(HttpRequest.newBuilder(
                URI.create(TestBridge.managementUrl(bridge) + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body().contains("bridge_connection_state"));
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(text).contains("bridge_connection_state{connector=\"highlevel\"} 0.0")
                .contains("bridge_quota_remaining_ratio{connector=\"highlevel\",window=\"burst\"}")
                .contains("bridge_watermark_lag_seconds{source=\"toggl\"}")
                .contains("bridge_dead_letters_open").contains("bridge_alerts_open")
                .contains("bridge_poll_duration_seconds_count{outcome=\"ok\",source=\"toggl\"}")
                .contains("bridge_poll_changes_total{outcome=\"stored\",source=\"toggl\"}")
                .contains("bridge_sync_writes_total").contains("bridge_sync_skips_total");
    }
}
