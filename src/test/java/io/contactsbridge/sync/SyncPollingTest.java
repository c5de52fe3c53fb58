package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The poll cycle: Quartz schedule in the JDBC store, watermarks, /api/sync-now, admin token. */
class SyncPollingTest extends SyncCoreTestBase {

    /** A source whose records the test edits; answers inclusively from the watermark, like the Lessons ask. */
    static final class FakePoller implements SourcePoller {
        final List<CanonicalChange> records = new CopyOnWriteArrayList<>();
        final List<String> watermarksSeen = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        volatile CountDownLatch block;
        volatile RuntimeException failure;

        @Override
        public String source() {
            return "test";
        }

        @Override
        public Result poll(String watermark) throws Exception {
            polls.incrementAndGet();
            watermarksSeen.add(String.valueOf(watermark));
            if (block != null) {
                block.await(20, TimeUnit.SECONDS);
            }
            if (failure != null) {
                throw failure;
            }
            Instant since = watermark == null ? Instant.EPOCH : Instant.parse(watermark);
            List<CanonicalChange> out = new ArrayList<>();
            Instant newest = since;
            for (CanonicalChange c : records) {
                if (!c.sourceUpdatedAt().isBefore(since)) {
                    out.add(c);
                    newest = c.sourceUpdatedAt().isAfter(newest) ? c.sourceUpdatedAt() : newest;
                }
            }
            return new Result(out, newest.toString());
        }
    }

    @Override
    String dbUrl() {
        return null;
    }

    @Override
    Map<String, String> extraSettings() {
        // never fires during the test: the cycles here are started by /api/sync-now (SyncQuartzTest has the schedule)
        // nor does the catch-up at start, whose cycle would answer the first request "already running"
        return Map.of("bridge.poll.cron", "0 0 0 1 1 ? 2099", SyncSettings.POLL_CATCH_UP, "false");
    }

    FakePoller bindPoller() {
        FakePoller poller = new FakePoller();
        bridge.context().getRegistry().bind("sourcePoller-test", poller);
        return poller;
    }

    @Test
    void pollStoresChangesThenAdvancesTheWatermarkAndAnUnchangedRePollWritesNothing() throws Exception {
        FakePoller poller = bindPoller();
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        poller.records.add(client("p1", Map.of("name", "Polled", "email", "p@poll.test"), t));
        String r = syncNow();
        assertThat(r).contains("\"state\":\"completed\"").contains("\"source\":\"test\"");
        awaitInboxSettled();
        assertThat(api.writes()).containsExactly("upsert-contact");
        Watermarks wm = new Watermarks(bridge.database().dataSource());
        assertThat(wm.get("test")).isEqualTo(t.toString());

        // nothing changed: the inclusive re-read returns the same change, which the inbox drops
        api.calls.clear();
        syncNow();
        awaitInboxSettled();
        assertThat(api.calls).isEmpty();
        assertThat(poller.watermarksSeen).contains(t.toString());

        // a failing poll keeps the watermark
        poller.failure = new IllegalStateException("source down");
        assertThat(syncNow()).contains("source down");
        assertThat(wm.get("test")).isEqualTo(t.toString());
        assertThat(wm.all()).filteredOn(s -> s.source().equals("test")).singleElement()
                .satisfies(s -> assertThat(s.lastError()).contains("source down"));
    }

    @Test
    void aPollOfOneSourceNeverRunsBesideItselfAndNeverMakesTheCycleSkip() throws Exception {
        FakePoller poller = bindPoller();
        poller.block = new CountDownLatch(1);
        org.apache.camel.ProducerTemplate template = bridge.context().createProducerTemplate();
        // a poll of the source alone starts and hangs in the poller
        CompletableFuture<Object> alone = CompletableFuture.supplyAsync(() ->
                template.requestBodyAndHeader("direct:sync.poll-source", null, "syncSource", "test"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poller.polls.get() >= 1);
        assertThat(template.requestBodyAndHeader("direct:sync.poll-source", null, "syncSource", "test"))
                .as("a second poll of the same source while one runs").isNull();
        // the cycle (started in the background, 202) waits for it rather than skipping
        assertJson(http("POST", "/api/sync-now", ADMIN_TOKEN), 202);
        Thread.sleep(300);
        assertThat(poller.polls.get()).isEqualTo(1);
        poller.block.countDown();
        assertThat(alone.get(20, TimeUnit.SECONDS)).isInstanceOf(SyncPolling.SourceResult.class);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> poller.polls.get() == 2);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !http("GET", "/api/status", ADMIN_TOKEN).body().contains("\"state\":\"running\""));
        assertThat(poller.polls.get()).isEqualTo(2);
        assertThat(template.requestBodyAndHeader("direct:sync.poll-source", null, "syncSource", "no-such-source")).isNull();
    }

    @Test
    void syncNowNeverRunsTwoCyclesAtOnce() throws Exception {
        FakePoller poller = bindPoller();
        poller.block = new CountDownLatch(1);
        // a cycle starts and hangs in the poller; the request is answered at once (202)
        long started = System.nanoTime();
        assertJson(http("POST", "/api/sync-now", ADMIN_TOKEN), 202);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poller.polls.get() >= 1);
        assertThat(http("GET", "/api/status", ADMIN_TOKEN).body()).contains("\"state\":\"running\"");
        var second = http("POST", "/api/sync-now", ADMIN_TOKEN);
        assertJson(second, 409);
        assertThat(second.body()).contains("already running");
        assertThat(poller.polls.get()).isEqualTo(1);
        poller.block.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> http("GET", "/api/status", ADMIN_TOKEN).body().contains("\"state\":\"completed\""));
        assertThat(syncNow()).contains("\"state\":\"completed\"");
    }

    @Test
    void adminApiNeedsTheBearerToken() throws Exception {
        assertThat(http("GET", "/api/dead-letters", null).statusCode()).isEqualTo(401);
        assertThat(http("GET", "/api/dead-letters", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(http("POST", "/api/sync-now", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(http("POST", "/api/dead-letters/1/replay", null).statusCode()).isEqualTo(401);
        assertThat(http("DELETE", "/api/dead-letters/1", "x").statusCode()).isEqualTo(401);
        assertThat(http("DELETE", "/api/dead-letters/1", ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(http("POST", "/api/dead-letters/abc/replay", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        var denied = http("GET", "/api/dead-letters", "wrong-token");
        assertThat(denied.body()).doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void metricsShowInboxDepthCountersAndPolls() throws Exception {
        FakePoller poller = bindPoller();
        poller.records.add(client("m1", Map.of("name", "Metered", "email", "m@x.test"), Instant.now()));
        syncNow();
        awaitInboxSettled();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    io.contactsbridge.testing.TestBridge.managementUrl(bridge) + "/observe/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.body())
                    .contains("bridge_inbox_depth{status=\"DONE\"} 1.0")
                    .contains("bridge_sync_processed_total 1.0")
                    .contains("bridge_sync_dead_lettered_total")
                    .contains("bridge_poll_cycle_seconds_count")
                    .contains("bridge_poll_last_success_seconds{source=\"test\"}");
        });
        Map<String, Object> status = bridge.context().getRegistry()
                .lookupByNameAndType(SyncCore.STATUS_BEAN, SyncStatus.class).toMap();
        assertThat(status.get("inbox").toString()).contains("DONE=1");
        assertThat(status).containsEntry("deadLetters", 0).containsEntry("pollRunning", false);
        assertThat(status.get("polls").toString()).contains("source=test");
    }

    /** A source that only counts its polls. */
    record CountingPoller(String source, AtomicInteger polls) implements SourcePoller {
        @Override
        public Result poll(String watermark) {
            polls.incrementAndGet();
            return new Result(List.of(), Instant.now().toString());
        }
    }

    @Test
    void theCatchUpPollsOnlySourcesWithAnEmptyOrStaleWatermark() throws Exception {
        AtomicInteger fresh = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger never = new AtomicInteger();
        var registry = bridge.context().getRegistry();
        registry.bind("poller-fresh", new CountingPoller("fresh", fresh));
        registry.bind("poller-stale", new CountingPoller("stale", stale));
        registry.bind("poller-never", new CountingPoller("never", never));
        Watermarks watermarks = registry.lookupByNameAndType(SyncCore.WATERMARKS_BEAN, Watermarks.class);
        watermarks.advance("fresh", Instant.now().toString(), 0);
        watermarks.advance("stale", Instant.now().toString(), 0);
        try (Connection c = bridge.database().dataSource().getConnection();
             var ps = c.prepareStatement("UPDATE sync_watermark SET last_success_at = ? WHERE source = 'stale'")) {
            ps.setObject(1, java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(16))));
            ps.executeUpdate();
        }
        SyncPolling polling = registry.lookupByNameAndType(SyncCore.POLLING_BEAN, SyncPolling.class);

        SyncPolling.CycleResult result = polling.catchUp(Duration.ofMinutes(15));

        assertThat(result.trigger()).isEqualTo("catch-up");
        assertThat(result.sources()).extracting(SyncPolling.SourceResult::source).contains("stale", "never")
                .doesNotContain("fresh");
        assertThat(fresh).hasValue(0);
        assertThat(stale).hasValue(1);
        assertThat(never).hasValue(1);
        // the next catch-up finds every watermark fresh
        assertThat(polling.catchUp(Duration.ofMinutes(15)).sources()).extracting(SyncPolling.SourceResult::source)
                .doesNotContain("fresh", "stale", "never");
    }

    @Test
    void oneCycleIsTheTimeBetweenTwoSlotsOfTheSchedule() {
        SyncSettings every15 = SyncSettings.of(new io.contactsbridge.config.Settings(key -> java.util.Optional.empty()), "hub");
        assertThat(every15.pollCycle()).isEqualTo(Duration.ofMinutes(15));
        SyncSettings hourly = SyncSettings.of(new io.contactsbridge.config.Settings(
                key -> java.util.Optional.ofNullable(Map.of(SyncSettings.POLL_CRON, "0 5 * * * ?").get(key))), "hub");
        assertThat(hourly.pollCycle()).isEqualTo(Duration.ofHours(1));
    }

    /** POST /api/sync-now (202), then /api/status until that cycle is over; its status JSON. */
    String syncNow() throws Exception {
        assertJson(http("POST", "/api/sync-now", ADMIN_TOKEN), 202);
        String[] status = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            status[0] = http("GET", "/api/status", ADMIN_TOKEN).body();
            return !status[0].contains("\"state\":\"running\"");
        });
        return status[0];
    }
}
