package io.contactsbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.SimulatorRegistry;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.sync.SyncPolling;
import io.contactsbridge.sync.Watermarks;
import io.contactsbridge.toggl.TogglChanges;
import org.apache.camel.ProducerTemplate;

/**
 * The sync sections' handle on a sandbox bridge: both simulators and their request logs, the poll
 * cycle the Quartz trigger runs ({@code direct:sync.poll-cycle}), and the inbox to wait on. Opening
 * it empties both simulators and stops HighLevel's webhooks (only the polls and what they cause
 * reach the bridge); {@link #close()} gives the webhook address back.
 */
final class SandboxSync implements AutoCloseable {
    final Bridge bridge;
    final HighLevelSimulator highLevel;
    final TogglSimulator toggl;
    final RequestLog highLevelLog;
    final RequestLog togglLog;
    private final ProducerTemplate template;
    private final InboxQueue queue;
    private final Watermarks watermarks;
    private final String highLevelWebhookUrl;

    SandboxSync(Bridge bridge, int highLevelLimit, long highLevelIntervalMs) {
        this(bridge, bridge.simulators(), highLevelLimit, highLevelIntervalMs, true);
    }

    /**
     * @param simulators where the simulators run (the bridge's own in sandbox mode, or another
     *                   process-local bridge's, so this one can be restarted against them)
     * @param empty      empty both simulators first (false: keep their data, e.g. after a restart)
     */
    SandboxSync(Bridge bridge, SimulatorRegistry simulators, int highLevelLimit, long highLevelIntervalMs,
                boolean empty) {
        this.bridge = bridge;
        this.highLevel = simulators.get(HighLevelSimulator.NAME, HighLevelSimulator.class);
        this.toggl = simulators.get(TogglSimulator.NAME, TogglSimulator.class);
        this.highLevelLog = simulators.log(HighLevelSimulator.NAME);
        this.togglLog = simulators.log(TogglSimulator.NAME);
        var registry = bridge.context().getRegistry();
        this.queue = registry.lookupByNameAndType(SyncCore.QUEUE_BEAN, InboxQueue.class);
        this.watermarks = registry.lookupByNameAndType(SyncCore.WATERMARKS_BEAN, Watermarks.class);
        this.template = bridge.context().createProducerTemplate();
        this.highLevelWebhookUrl = highLevel.webhookUrl();
        highLevel.setWebhookUrl(null);
        if (empty) {
            highLevel.reset();
            toggl.reset();
        }
        // the simulator's window as the bridge's pacer sees it, so pacing (not 429s) sets the pace
        highLevel.faults().limitMax(highLevelLimit).limitIntervalMs(highLevelIntervalMs);
        clearLogs();
    }

    void clearLogs() {
        highLevelLog.clear();
        togglLog.clear();
    }

    /** Both polls start over: Toggl reads every record again, HighLevel every contact. */
    void resetWatermarks() {
        watermarks.advance(TogglChanges.SOURCE, null, 0);
        watermarks.advance(io.contactsbridge.contacts.HighLevelConnector.ID, Instant.EPOCH.toString(), 0);
    }

    /**
     * Forgets the processed inbox rows, as the retention does after 30 days: a re-read record then
     * goes through its flow again instead of being dropped as an event already seen.
     */
    void forgetProcessedEvents() {
        queue.pruneDone(Duration.ZERO);
    }

    /**
     * One poll cycle, exactly what the 15-minute Quartz trigger runs. Real cycles are 15 minutes
     * apart, so each finds Toggl's leaky bucket empty; here they are seconds apart, so the simulator
     * forgets the calls before each one. (The quota section counts the hour instead:
     * {@link #cycleKeepingUsage()} with the simulator's clock moved 15 minutes per cycle.)
     */
    SyncPolling.CycleResult cycle() {
        toggl.resetUsage();
        return cycleKeepingUsage();
    }

    /** One poll cycle with Toggl's quota and bucket as they are: for sections that count the hour. */
    SyncPolling.CycleResult cycleKeepingUsage() {
        SyncPolling.CycleResult result = template.requestBodyAndHeader("direct:sync.poll-cycle", null, "syncTrigger",
                "bench", SyncPolling.CycleResult.class);
        for (SyncPolling.SourceResult s : result.sources()) {
            if (s.error() != null) {
                throw new IllegalStateException("the poll of " + s.source() + " failed: " + s.error());
            }
        }
        return result;
    }

    /** Waits until no inbox row is waiting or retrying (every change applied or dead-lettered). */
    void awaitDrained(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the inbox still holds " + pending() + " change(s) after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    long pending() {
        Map<String, Long> depth = queue.depthByStatus();
        return depth.getOrDefault(InboxQueue.NEW, 0L) + depth.getOrDefault(InboxQueue.RETRY, 0L);
    }

    int openDeadLetters() {
        return bridge.context().getRegistry().lookupByNameAndType(SyncCore.DEAD_LETTERS_BEAN, DeadLetters.class)
                .openCount();
    }

    /** Every request both simulators answered since the logs were last cleared. */
    List<RequestLog.Entry> requests() {
        List<RequestLog.Entry> all = new ArrayList<>(highLevelLog.entries());
        all.addAll(togglLog.entries());
        return all;
    }

    /**
     * A request that changes data: anything but GET, and but the searches that are POSTs that read
     * (HighLevel's /contacts/search, Toggl's Reports API /search/time_entries).
     */
    static boolean isWrite(RequestLog.Entry e) {
        return !e.method().equals("GET") && !e.method().equals("HEAD") && !e.path().matches(".*/search(/[a-z_]+)?");
    }

    @Override
    public void close() {
        highLevel.setWebhookUrl(highLevelWebhookUrl);
    }
}
