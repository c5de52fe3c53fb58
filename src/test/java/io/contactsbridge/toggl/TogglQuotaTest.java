package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.MovableClock;
import io.contactsbridge.testing.TestBridge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 402: every Toggl call pauses until the quota resets, visibly; 429: a short back-off and a retry. */
class TogglQuotaTest {
    static TogglSimulator sim;
    static Bridge bridge;
    static MovableClock clock = new MovableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    /** /observe/metrics right after the start, before the tests make any Toggl call. */
    static String metricsBeforeAnyCall;
    static long apiCallsBefore;

    @BeforeAll
    static void start() throws Exception {
        sim = new TogglSimulator();
        sim.clock(clock);
        sim.limits(Map.of("rateLimitEnabled", false));
        bridge = TestBridge.sandbox().connectors(TogglTestSupport.togglWithoutHubApi()).simulators(List.of(sim))
                .with("toggl.subscribe-on-start", "false").start();
        quota().clock(clock);
        apiCallsBefore = apiCalls();
        metricsBeforeAnyCall = BridgeProbe.metrics(bridge);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static TogglQuota quota() {
        return bridge.context().getRegistry().lookupByNameAndType(TogglQuota.BEAN, TogglQuota.class);
    }

    static long apiCalls() {
        return bridge.simulators().log("toggl").entries().stream().filter(e -> e.path().startsWith("/api/v9/")).count();
    }

    /** Another integration using the same token spends the quota behind the bridge's back. */
    static void spendOrgQuotaElsewhere(int calls) throws Exception {
        for (int i = 0; i < calls; i++) {
            sim.handle(io.contactsbridge.sandbox.SimRequest.of("GET", "/api/v9/workspaces/1000/clients", null,
                    Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (TogglSimulator.TOKEN + ":api_token").getBytes(java.nio.charset.StandardCharsets.UTF_8))), null));
        }
    }

    @Test
    void theQuotaGaugesAreExportedFromTheStartNotOnlyAfterTheFirstCall() {
        assertThat(apiCallsBefore).isZero();
        // before Toggl said anything: the plan's quota (the sandbox's plan is premium) and the user scope's 30
        assertThat(metricsBeforeAnyCall).contains("toggl_quota_remaining{scope=\"org\"} 600.0")
                .contains("toggl_quota_remaining{scope=\"user\"} 30.0").contains("toggl_quota_paused 0.0");
    }

    @Test
    void a402PausesEveryTogglCallUntilTheResetThenCallsResume() throws Exception {
        clock.advance(Duration.ofMinutes(61));
        sim.resetUsage();
        sim.limits(Map.of("userQuotaPerHour", 100, "quotaPerHour", 2));
        spendOrgQuotaElsewhere(2);
        RequestLog log = bridge.simulators().log("toggl");
        log.clear();
        ProducerTemplate template = bridge.context().createProducerTemplate();
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.list-clients", null, Map.of()))
                .cause().isInstanceOfSatisfying(QuotaExhausted.class, e -> {
                    assertThat(e.status()).isEqualTo(402);
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.retryAfterMillis()).isGreaterThan(Duration.ofMinutes(50).toMillis());
                });
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(402);
        assertThat(quota().paused()).isTrue();
        assertThat(quota().status()).containsEntry("paused", true).containsEntry("allCallsPaused", true);

        // every Toggl call waits, the /me reads of the poller included: not one request goes out
        log.clear();
        SourcePoller poller = bridge.context().getRegistry().lookupByNameAndType("toggl.poller.0", SourcePoller.class);
        SourcePoller.Result paused = poller.poll("clients=1;projects=1;tasks=1;time_entries=1");
        assertThat(paused.changes()).isEmpty();
        assertThat(paused.nextWatermark()).isEqualTo("clients=1;projects=1;tasks=1;time_entries=1");
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.get-client", null, Map.of("client_id", 1)))
                .cause().isInstanceOf(QuotaExhausted.class);
        assertThat(apiCalls()).isZero();

        MeterRegistry meters = bridge.context().getRegistry().findSingleByType(MeterRegistry.class);
        assertThat(meters).isNotNull();
        assertThat(meters.get("toggl.quota.paused").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("toggl.quota.exhausted").functionCounter().count()).isGreaterThanOrEqualTo(1.0);

        // an hour later the window has slid: calls go out again
        clock.advance(Duration.ofMinutes(61));
        assertThat(quota().paused()).isFalse();
        assertThat(meters.get("toggl.quota.paused").gauge().value()).isEqualTo(0.0);
        Object clients = template.requestBodyAndHeaders("direct:toggl.list-clients", null, Map.of());
        assertThat((List<?>) clients).isNotEmpty();
    }

    @Test
    void thePollerStopsWhenTheUserQuotaRunsOutAndCatchesUpAfterTheReset() throws Exception {
        clock.advance(Duration.ofMinutes(61));
        sim.resetUsage();
        sim.limits(Map.of("userQuotaPerHour", 3, "quotaPerHour", 100));
        SourcePoller poller = bridge.context().getRegistry().lookupByNameAndType("toggl.poller.0", SourcePoller.class);
        RequestLog log = bridge.simulators().log("toggl");
        log.clear();

        SourcePoller.Result first = poller.poll(null);
        // the third /me answer says 0 left: the time entries (Reports API, org-scoped) are still read, the
        // workspaces (/me again) are not even sent (they could only get a 402)
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(200, 200, 200, 200);
        assertThat(log.entries().get(3).path()).contains("/search/time_entries");
        assertThat(first.changes()).isNotEmpty();
        assertThat(first.nextWatermark()).contains("clients=").contains("time_entries=").doesNotContain("workspaces_read=");
        assertThat(quota().paused()).isTrue();

        clock.advance(Duration.ofMinutes(61));
        sim.limits(Map.of("userQuotaPerHour", 30));
        log.clear();
        SourcePoller.Result resumed = poller.poll(first.nextWatermark());
        // 4 reads, and the workspaces the first cycle could not read (once an hour)
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsOnly(200).hasSizeLessThanOrEqualTo(5);
        assertThat(resumed.nextWatermark()).contains("time_entries=").contains("workspaces_read=");
    }

    @Test
    void a429IsRetriedAfterABackOff() {
        sim.resetUsage();
        sim.limits(Map.of("userQuotaPerHour", 1000, "quotaPerHour", 1000));
        clock.advance(Duration.ofMinutes(61)); // whatever the other test left paused has reset
        sim.failNext(1, 429);
        ProducerTemplate template = bridge.context().createProducerTemplate();
        Object clients = template.requestBodyAndHeaders("direct:toggl.list-clients", null, Map.of("status", "both"));
        assertThat((List<?>) clients).isNotEmpty();
        assertThat(quota().rateLimitedCount()).isGreaterThanOrEqualTo(1);

        sim.failNext(5, 429);
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.list-clients", null, Map.of()))
                .cause().isInstanceOfSatisfying(RateLimited.class, e -> assertThat(e.permanent()).isFalse());
        sim.failNext(0, 500);
    }
}
