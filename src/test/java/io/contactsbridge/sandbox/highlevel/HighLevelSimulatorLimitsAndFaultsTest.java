package io.contactsbridge.sandbox.highlevel;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighLevelSimulatorLimitsAndFaultsTest extends SimulatorTestBase {
    static final List<String> LIMIT_HEADERS = List.of("X-RateLimit-Limit-Daily", "X-RateLimit-Daily-Remaining",
            "X-RateLimit-Interval-Milliseconds", "X-RateLimit-Max", "X-RateLimit-Remaining");
    final long[] now = {1_800_000_000_000L};

    @AfterEach
    void realClock() {
        sim.useClock(System::currentTimeMillis);
    }

    @Test
    void everyReplyCarriesTheFiveRateLimitHeaders() {
        SimClient.Res ok = api.get("/contacts/?locationId=sandbox-location");
        assertThat(ok.header("X-RateLimit-Max")).isEqualTo("100");
        assertThat(ok.header("X-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(ok.header("X-RateLimit-Limit-Daily")).isEqualTo("200000");
        assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(ok.header("X-RateLimit-Daily-Remaining")).isEqualTo("199999");
        api.token = "bad";
        SimClient.Res unauthorized = api.get("/contacts/?locationId=sandbox-location");
        api.token = HighLevelSimulator.TOKEN;
        SimClient.Res notFound = api.get("/contacts/nope");
        for (SimClient.Res r : List.of(ok, unauthorized, notFound)) {
            LIMIT_HEADERS.forEach(h -> assertThat(r.header(h)).as(h + " on " + r.status()).isNotNull());
        }
    }

    @Test
    void refusesRequestsOverTheBurstLimitWithoutRunningThemUntilTheWindowEnds() {
        sim.useClock(() -> now[0]);
        sim.faults().limitMax(3).limitIntervalMs(2_000);
        for (int i = 0; i < 3; i++) {
            SimClient.Res r = api.post("/contacts/", contactBody("R" + i, "L", "r" + i + "@limit.example", null));
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(2 - i));
            assertThat(r.header("X-RateLimit-Max")).isEqualTo("3");
            now[0] += 100;
        }
        SimClient.Res refused = api.post("/contacts/", contactBody("Over", "L", "over@limit.example", null));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(sim.contactCount()).isEqualTo(3);
        now[0] += 1_699; // 1 ms before the window (opened by the first request) ends
        SimClient.Res stillRefused = api.get("/contacts/?locationId=sandbox-location");
        assertThat(stillRefused.status()).isEqualTo(429);
        assertThat(stillRefused.header("Retry-After")).isEqualTo("1");
        now[0] += 1;
        SimClient.Res next = api.get("/contacts/?locationId=sandbox-location");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.header("X-RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    void countsTheLimitPerLocation() {
        sim.faults().limitMax(1);
        sim.registerToken("second-location-token", "second-location", java.util.Set.of(HighLevelSimulator.SCOPE_READ));
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(429);
        api.token = "second-location-token";
        assertThat(api.get("/contacts/?locationId=second-location").status()).isEqualTo(200);
    }

    @Test
    void enforcesTheDailyLimit() {
        sim.useClock(() -> now[0]);
        sim.faults().dailyLimit(2);
        assertThat(api.get("/contacts/?locationId=sandbox-location").header("X-RateLimit-Daily-Remaining")).isEqualTo("1");
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        now[0] += 60_000;
        SimClient.Res refused = api.get("/contacts/?locationId=sandbox-location");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isEqualTo(24 * 3600 - 60);
        now[0] += 24 * 3600 * 1000L;
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
    }

    @Test
    void failsTheNextRequestsDeterministicallyWithoutApplyingThem() {
        sim.faults().failNext(2, 503);
        Map<String, Object> body = contactBody("F", "N", "f@n.example", null);
        SimClient.Res first = api.post("/contacts/", body);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json()).containsEntry("statusCode", 503);
        assertThat(first.header("X-RateLimit-Max")).isNotNull();
        assertThat(api.post("/contacts/", body).status()).isEqualTo(503);
        assertThat(sim.contactCount()).isZero();
        assertThat(api.post("/contacts/", body).status()).isEqualTo(201);
        assertThat(sim.contactCount()).isEqualTo(1);
    }

    @Test
    void injectsErrorsAndRateLimitsAtTheConfiguredRates() {
        sim.faults().errorRate(1.0);
        SimClient.Res error = api.post("/contacts/", contactBody("E", "R", "e@r.example", null));
        assertThat(error.status()).isIn(500, 502, 503);
        sim.faults().errorRate(0).rateLimitRate(1.0);
        SimClient.Res limited = api.post("/contacts/", contactBody("E", "R", "e@r.example", null));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 10L);
        assertThat(sim.contactCount()).isZero();
        sim.faults().rateLimitRate(0.5);
        int refused = 0;
        sim.faults().limitMax(1000);
        for (int i = 0; i < 200; i++) {
            if (api.get("/contacts/?locationId=sandbox-location").status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isBetween(60, 140);
    }

    @Test
    void applyThenFailWritesButAnswers500() {
        sim.faults().applyThenFailRate(1.0);
        SimClient.Res r = api.post("/contacts/", contactBody("Applied", "Anyway", "applied@x.example", null));
        assertThat(r.status()).isEqualTo(500);
        assertThat(sim.contactCount()).isEqualTo(1);
    }

    @Test
    void addsLatencyAndHoldsTimeoutsBeforeA504() {
        sim.faults().latencyMs(200);
        long t0 = System.nanoTime();
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200);
        sim.faults().latencyMs(0).timeoutRate(1.0).timeoutMs(300);
        t0 = System.nanoTime();
        assertThat(api.post("/contacts/", contactBody("T", "O", "t@o.example", null)).status()).isEqualTo(504);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(sim.contactCount()).isZero();
    }

    @Test
    void seededFaultsRepeatAndAreCounted() {
        List<Integer> first = statuses(20_260_601L, 40);
        assertThat(statuses(20_260_601L, 40)).isEqualTo(first);
        assertThat(first).contains(200).anyMatch(s -> s >= 500);
        Map<String, Integer> injected = sim.faults().injected();
        assertThat(injected.get("5xx") + injected.get("429")).isEqualTo((int) first.stream().filter(s -> s != 200).count());
    }

    private List<Integer> statuses(long seed, int requests) {
        sim.faults().seed(seed).errorRate(0.3).rateLimitRate(0.2);
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(api.get("/contacts/?locationId=sandbox-location").status());
        }
        return out;
    }

    @Test
    void refusesWritesCarryingTheRejectMarkerWith422() {
        sim.faults().rejectMarker("Refuse-me");
        SimClient.Res refused = api.post("/contacts/", contactBody("Refuse-me", "Please", "r@m.example", null));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json()).containsEntry("statusCode", 422);
        assertThat(api.post("/contacts/", contactBody("Take", "Me", "t@m.example", null)).status()).isEqualTo(201);
        assertThat(sim.contactCount()).isEqualTo(1);
        assertThat(sim.faults().injected()).containsEntry("reject", 1);
    }

    @Test
    void aTimeoutThatAppliesRunsTheRequestAfterTheHold() {
        sim.faults().timeoutRate(1.0).timeoutMs(300).timeoutsApply(true);
        long t0 = System.nanoTime();
        assertThat(api.post("/contacts/", contactBody("Slow", "Server", "s@s.example", null)).status()).isEqualTo(201);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(sim.contactCount()).isEqualTo(1);
        assertThat(sim.faults().injected()).containsEntry("timeout", 1);
    }

    @Test
    void aSlowTokenEndpointHasSpentTheOldRefreshTokenBeforeItAnswers() throws Exception {
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ);
        sim.faults().tokenLatencyMs(1_000);
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> new SimClient(root).form("/oauth/token", HighLevelSimulatorAuthTest.refreshForm(refresh)).status());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(900))
                .until(() -> !sim.isRefreshTokenValid(refresh));
        assertThat(answer.get()).isEqualTo(200);
    }

    @Test
    void setsKnobsOverHttp() {
        SimClient control = new SimClient(root);
        control.token = null;
        control.version = null;
        assertThat(control.get("/_faults").json()).containsEntry("limitMax", 100).containsEntry("errorRate", 0.0);
        SimClient.Res put = control.put("/_faults", Map.of("limitMax", 7, "failNextCount", 1, "failNextStatus", 502));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json()).containsEntry("limitMax", 7).containsEntry("failNextCount", 1).containsEntry("failNextStatus", 502);
        assertThat(sim.faults().limitMax()).isEqualTo(7);
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(502);
        assertThat(api.get("/contacts/?locationId=sandbox-location").header("X-RateLimit-Max")).isEqualTo("7");
        SimClient.Res bad = control.put("/_faults", Map.of("limitMax", 9, "errorRate", 2));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(sim.faults().limitMax()).isEqualTo(7);
        assertThat(control.put("/_faults", Map.of("nonsense", 1)).status()).isEqualTo(400);
        assertThat(control.put("/_faults", Map.of("reset", true)).json()).containsEntry("limitMax", 100);
    }

    @Test
    void failsTheTokenEndpointToo() {
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ);
        sim.faults().failNext(1, 500);
        assertThat(api.form("/oauth/token", HighLevelSimulatorAuthTest.refreshForm(refresh)).status()).isEqualTo(500);
        assertThat(sim.isRefreshTokenValid(refresh)).isTrue();
        assertThat(api.form("/oauth/token", HighLevelSimulatorAuthTest.refreshForm(refresh)).status()).isEqualTo(200);
    }

    @Test
    void aHeldRequestDoesNotHoldUpOthers() throws Exception {
        sim.faults().timeoutRate(1.0).timeoutMs(4_000);
        var held = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> new SimClient(root).get("/contacts/?locationId=sandbox-location").status());
        Thread.sleep(500);
        sim.faults().timeoutRate(0);
        long t0 = System.nanoTime();
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
        assertThat(held.get()).isEqualTo(504);
    }

    @Test
    void admitsExactlyTheLimitUnderConcurrency() throws Exception {
        sim.faults().limitMax(40).limitIntervalMs(60_000);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                calls.add(() -> new SimClient(root).post("/contacts/", contactBody("C" + n, "Conc", "c" + n + "@conc.example", null)).status());
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(40);
            assertThat(statuses.stream().filter(s -> s == 429)).hasSize(60);
            assertThat(sim.contactCount()).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
