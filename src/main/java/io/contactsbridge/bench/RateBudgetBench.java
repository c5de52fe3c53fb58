package io.contactsbridge.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import org.apache.camel.ProducerTemplate;

/**
 * Rate budget: backfills N contacts through {@code direct:contacts.create-contact} into the
 * HighLevel simulator set to its real burst limit (100 requests per window, the window scaled in
 * time so the run is short), and compares the achieved rate with the allowed one.
 *
 * <p>Achieved rate = requests answered / time from the first answer to the last; allowed rate =
 * limit / window. The pacer spreads requests evenly, so a ratio near 1 with zero 429s means the
 * backfill ran at the quota without ever hitting it.
 */
final class RateBudgetBench implements BenchSection {
    record Result(int contacts, int limit, long intervalMs, int requests, int http429, double elapsedSeconds,
                  double achievedPerSecond, double allowedPerSecond, double ratio, int failures) {
    }

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        int n = run.contacts != null ? run.contacts : (run.quick ? 300 : 500);
        Result r = run(run.sandbox(), n, BenchRun.HIGHLEVEL_LIMIT, run.highLevelIntervalMs, run.threads);
        String scope = n + " contacts, " + r.limit() + " per " + r.intervalMs() + " ms";
        return List.of(
                Figure.atLeast("rate_ratio", "rate budget: achieved / allowed rate (" + scope + ")", r.ratio(), "", 0.95),
                Figure.exactly("http_429", "rate budget: HTTP 429 answers", r.http429(), "", 0),
                Figure.exactly("rate_failures", "rate budget: failed calls", r.failures(), "", 0),
                Figure.info("rate_requests", "rate budget: requests", r.requests(), ""),
                Figure.info("rate_elapsed_s", "rate budget: time", r.elapsedSeconds(), "s"),
                Figure.info("rate_achieved_per_s", "rate budget: achieved rate", r.achievedPerSecond(), "/s"),
                Figure.info("rate_allowed_per_s", "rate budget: allowed rate", r.allowedPerSecond(), "/s"));
    }

    static Result run(Bridge bridge, int contacts, int limit, long intervalMs, int threads) throws Exception {
        HighLevelSimulator sim = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
        sim.setWebhookUrl(null); // only the backfill's own requests count against the limit
        sim.reset();
        sim.faults().limitMax(limit).limitIntervalMs(intervalMs);
        RequestLog log = bridge.simulators().log(HighLevelSimulator.NAME);
        log.clear();

        ProducerTemplate template = bridge.context().createProducerTemplate();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        String run = Long.toString(System.currentTimeMillis(), 36);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < contacts; i = next.getAndIncrement()) {
                        Map<String, Object> contact = Map.of(
                                "firstName", "Bench", "lastName", "Contact " + i,
                                "email", "bench-" + run + "-" + i + "@example.com");
                        try {
                            template.requestBody("direct:contacts.create-contact", contact);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<RequestLog.Entry> entries = log.entries();
        int http429 = (int) entries.stream().filter(e -> e.status() == 429).count();
        Instant first = entries.stream().map(e -> Instant.parse(e.time())).min(Instant::compareTo).orElse(Instant.now());
        Instant last = entries.stream().map(e -> Instant.parse(e.time())).max(Instant::compareTo).orElse(first);
        double elapsedMs = Math.max(1, last.toEpochMilli() - first.toEpochMilli());
        int requests = entries.size();
        double achieved = requests / (elapsedMs / 1000.0);
        double allowed = limit / (intervalMs / 1000.0);
        return new Result(contacts, limit, intervalMs, requests, http429, elapsedMs / 1000.0, achieved, allowed,
                achieved / allowed, failures.get());
    }
}
