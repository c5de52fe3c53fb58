package io.contactsbridge.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll cycle: every enabled source's {@link SourcePoller} (found in the registry) reads what
 * changed since its watermark, the changes go into the inbox (a change already there is dropped by
 * its event id), and only then the watermark moves. Never two cycles at once: a flag in this
 * process and a lease row shared by all replicas.
 */
public class SyncPolling {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPolling.class);
    static final Duration CYCLE_LEASE = Duration.ofMinutes(14);

    public record SourceResult(String source, int changes, int stored, String error) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("changes", changes);
            m.put("stored", stored);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    public record CycleResult(boolean ran, String trigger, long millis, List<SourceResult> sources) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", ran ? "completed" : "already running");
            m.put("trigger", trigger);
            if (ran) {
                m.put("millis", millis);
                m.put("sources", sources.stream().map(SourceResult::toMap).toList());
            }
            return m;
        }
    }

    private final CamelContext context;
    private final Inbox inbox;
    private final Watermarks watermarks;
    private final SyncMetrics metrics;
    private final String instanceId;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<String, ReentrantLock> sourceLocks =
            new ConcurrentHashMap<>();

    public SyncPolling(CamelContext context, Inbox inbox, Watermarks watermarks, SyncMetrics metrics, String instanceId) {
        this.context = context;
        this.inbox = inbox;
        this.watermarks = watermarks;
        this.metrics = metrics;
        this.instanceId = instanceId;
    }

    public boolean isRunning() {
        return running.get();
    }

    public CycleResult runCycle(String trigger) {
        return runCycle(trigger, poller -> true);
    }

    /**
     * The catch-up at start: a cycle for the sources whose watermark is empty or older than one
     * cycle ({@code cycle}), so what changed while the bridge was down arrives now, not at the next
     * scheduled cycle. Sources polled within the last cycle wait for the schedule.
     */
    public CycleResult catchUp(Duration cycle) {
        Map<String, Watermarks.State> states = new LinkedHashMap<>();
        watermarks.all().forEach(s -> states.put(s.source(), s));
        java.time.Instant stale = java.time.Instant.now().minus(cycle);
        return runCycle("catch-up", poller -> {
            Watermarks.State s = states.get(poller.source());
            boolean due = s == null || s.watermark() == null || s.lastSuccessAt() == null
                    || s.lastSuccessAt().isBefore(stale);
            if (!due) {
                LOG.info("catch-up: {} was polled at {}, within one cycle: left to the schedule", poller.source(),
                        s.lastSuccessAt());
            }
            return due;
        });
    }

    CycleResult runCycle(String trigger, java.util.function.Predicate<SourcePoller> which) {
        if (!running.compareAndSet(false, true)) {
            return new CycleResult(false, trigger, 0, List.of());
        }
        try {
            if (!watermarks.tryLockCycle(instanceId, CYCLE_LEASE)) {
                LOG.info("poll cycle ({}) skipped: another replica is polling", trigger);
                return new CycleResult(false, trigger, 0, List.of());
            }
            long started = System.nanoTime();
            List<SourceResult> results = new ArrayList<>();
            try {
                List<SourcePoller> pollers = new ArrayList<>(context.getRegistry().findByType(SourcePoller.class));
                pollers.sort(Comparator.comparing(SourcePoller::source));
                for (SourcePoller poller : pollers) {
                    if (which.test(poller)) {
                        results.add(pollOne(poller));
                    }
                }
            } finally {
                watermarks.unlockCycle(instanceId);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            metrics.pollCycle(millis);
            LOG.info("poll cycle ({}) done in {} ms: {}", trigger, millis, results);
            return new CycleResult(true, trigger, millis, results);
        } finally {
            running.set(false);
        }
    }

    /**
     * Polls one source now, outside the schedule (a connector without webhooks polls at start, or more
     * often than the cycle). It never runs beside a poll of the same source in this process, and never
     * holds up the cycle, which waits for it; replicas may each poll (the inbox drops what is stored
     * already). Empty when that source is being polled or has no poller.
     */
    public Optional<SourceResult> runSource(String source, String trigger) {
        for (SourcePoller poller : context.getRegistry().findByType(SourcePoller.class)) {
            if (poller.source().equals(source)) {
                ReentrantLock lock = lockOf(source);
                if (!lock.tryLock()) {
                    return Optional.empty();
                }
                try {
                    SourceResult result = pollOne(poller);
                    LOG.info("poll of {} ({}): {}", source, trigger, result);
                    return Optional.of(result);
                } finally {
                    lock.unlock();
                }
            }
        }
        return Optional.empty();
    }

    private ReentrantLock lockOf(String source) {
        return sourceLocks.computeIfAbsent(source, s -> new ReentrantLock());
    }

    SourceResult pollOne(SourcePoller poller) {
        String source = poller.source();
        long started = System.nanoTime();
        ReentrantLock lock = lockOf(source);
        lock.lock(); // a poll of this source outside the cycle (runSource) finishes first
        try {
            SourcePoller.Result result = poller.poll(watermarks.get(source));
            int stored = 0;
            for (CanonicalChange change : result.changes()) {
                if (inbox.store(change.source(), change.eventId(), change.recordKey(), Inbox.KIND_CHANGE,
                        SyncJson.toJson(change)) == Inbox.Stored.STORED) {
                    stored++;
                }
            }
            // only now: a crash before this line re-reads the same changes, which the inbox drops
            watermarks.advance(source, result.nextWatermark(), result.changes().size());
            metrics.pollSucceeded(source);
            metrics.polled(source, result.changes().size(), stored, (System.nanoTime() - started) / 1_000_000, false);
            return new SourceResult(source, result.changes().size(), stored, null);
        } catch (Exception e) {
            String message = SecretMasker.mask(InboxConsumer.describe(e));
            LOG.warn("poll of {} failed (watermark kept): {}", source, message);
            watermarks.failed(source, message);
            metrics.polled(source, 0, 0, (System.nanoTime() - started) / 1_000_000, true);
            return new SourceResult(source, 0, 0, message);
        } finally {
            lock.unlock();
        }
    }
}
