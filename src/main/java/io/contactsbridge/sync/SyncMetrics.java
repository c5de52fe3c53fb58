package io.contactsbridge.sync;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The sync core's meters (exported on /observe/metrics): inbox depth by status, processed /
 * failed / dead-lettered events, poll cycle duration, and the last successful poll per source;
 * decisions (writes by operation, skips by reason) and each source's polled changes and poll time.
 */
public class SyncMetrics {
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry = new SimpleMeterRegistry();
    private volatile Counter processed;
    private volatile Counter failed;
    private volatile Counter deadLettered;
    private volatile Counter leaseLost;
    private volatile Timer pollCycle;
    private Supplier<Map<String, Long>> depth = Map::of;
    private volatile Map<String, Long> depthCache = Map.of();
    private volatile long depthReadAt;

    public SyncMetrics() {
        bind(registry);
    }

    /** Registers the meters in the bridge's registry (Prometheus), once it exists. */
    public synchronized void bind(MeterRegistry meters) {
        if (meters == registry && processed != null) {
            return;
        }
        this.registry = meters;
        processed = Counter.builder("bridge.sync.processed").description("inbox events applied").register(meters);
        failed = Counter.builder("bridge.sync.failed").description("inbox event attempts that failed and will be retried")
                .register(meters);
        deadLettered = Counter.builder("bridge.sync.dead.lettered").description("inbox events moved to dead letters")
                .register(meters);
        leaseLost = Counter.builder("bridge.inbox.lease.lost")
                .description("inbox rows whose lease ran out while worked on (their result was not recorded)").register(meters);
        pollCycle = Timer.builder("bridge.poll.cycle").description("duration of a poll cycle").register(meters);
        for (String status : new String[] {InboxQueue.NEW, InboxQueue.RETRY, InboxQueue.DONE, InboxQueue.DEAD}) {
            Gauge.builder("bridge.inbox.depth", () -> depth().getOrDefault(status, 0L))
                    .tag("status", status).description("inbox rows by status").register(meters);
        }
        lastPoll.keySet().forEach(this::registerLastPoll);
    }

    public void inboxDepth(Supplier<Map<String, Long>> supplier) {
        this.depth = supplier;
    }

    /** Read at most every 5 s: a scrape must not become a table scan per second. */
    private Map<String, Long> depth() {
        long now = System.currentTimeMillis();
        if (now - depthReadAt > 5_000) {
            try {
                depthCache = depth.get();
            } catch (RuntimeException e) {
                // the store is down: the health check says so; keep the last numbers
            }
            depthReadAt = now;
        }
        return depthCache;
    }

    /** One audit decision: a write counts by operation, a skip by its reason; failures count elsewhere. */
    public void decision(String outcome, String operation) {
        if (outcome == null || SyncAudit.FAILED.equals(outcome)) {
            return;
        }
        if (SyncAudit.WRITTEN.equals(outcome) || SyncAudit.LWW_SOURCE_WON.equals(outcome)) {
            Counter.builder("bridge.sync.writes").tag("operation", operation == null ? "none" : operation)
                    .description("writes to target systems, by operation").register(registry).increment();
        } else {
            Counter.builder("bridge.sync.skips").tag("reason", outcome)
                    .description("changes not written, by reason (unchanged, echo, last-write-wins lost, ...)")
                    .register(registry).increment();
        }
    }

    /** One source's poll: its changes (stored, or already in the inbox) and how long it took. */
    public void polled(String source, int changes, int stored, long millis, boolean failed) {
        Counter.builder("bridge.poll.changes").tag("source", source).tag("outcome", "stored")
                .description("changes a poll found, by source and outcome (stored, duplicate)").register(registry)
                .increment(stored);
        Counter.builder("bridge.poll.changes").tag("source", source).tag("outcome", "duplicate")
                .description("changes a poll found, by source and outcome (stored, duplicate)").register(registry)
                .increment(Math.max(0, changes - stored));
        Timer.builder("bridge.poll.duration").tag("source", source).tag("outcome", failed ? "failed" : "ok")
                .description("duration of one source's poll").register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    public void processed() {
        processed.increment();
    }

    public void failed() {
        failed.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void leaseLost() {
        leaseLost.increment();
    }

    public void pollCycle(long millis) {
        pollCycle.record(millis, TimeUnit.MILLISECONDS);
    }

    public void pollSucceeded(String source) {
        if (lastPoll.put(source, Instant.now()) == null) {
            registerLastPoll(source);
        }
    }

    private void registerLastPoll(String source) {
        Gauge.builder("bridge.poll.last.success", () -> {
            Instant at = lastPoll.get(source);
            return at == null ? 0 : at.toEpochMilli() / 1000.0;
        }).tag("source", source).baseUnit("seconds").description("time of the last successful poll (epoch seconds)")
                .register(registry);
    }

    public double processedCount() {
        return processed.count();
    }

    public double deadLetteredCount() {
        return deadLettered.count();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
