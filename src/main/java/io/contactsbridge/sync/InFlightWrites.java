package io.contactsbridge.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Our writes while they are being sent, so that a change coming back from the target before the
 * write answered and was recorded is still seen as its echo ({@link SyncRouter} waits for them):
 * <ul>
 * <li>writes that may create a record, per target system: a "created" change from that system can be
 *     the echo of one of them (else the record would be created twice);</li>
 * <li>writes to a known record: any change of that record can be its echo (a slow answer: Toggl sends
 *     the webhook of an update before it answers), which would otherwise go back as someone's edit.</li>
 * </ul>
 */
public final class InFlightWrites {
    /** Longer than any send (HTTP timeouts and retries): then the change is retried later instead. */
    static final Duration MAX_WAIT = Duration.ofSeconds(120);

    private final Map<String, TreeSet<Long>> inFlight = new HashMap<>();
    private final Map<String, Integer> records = new HashMap<>();
    private long nextTicket;

    /** A create toward {@code system} starts; pass the ticket to {@link #end}. */
    public synchronized long begin(String system) {
        long ticket = ++nextTicket;
        inFlight.computeIfAbsent(system, k -> new TreeSet<>()).add(ticket);
        return ticket;
    }

    /** The create is answered and recorded (or failed). */
    public synchronized void end(String system, long ticket) {
        TreeSet<Long> tickets = inFlight.get(system);
        if (tickets != null) {
            tickets.remove(ticket);
        }
        notifyAll();
    }

    /**
     * Waits until every create toward {@code system} that is in flight now has ended (later ones
     * do not hold it up). Throws {@link IllegalStateException}, a transient error, after {@code max}.
     */
    public synchronized void awaitCurrent(String system, Duration max) throws InterruptedException {
        long seen = nextTicket;
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            TreeSet<Long> tickets = inFlight.get(system);
            if (tickets == null || tickets.isEmpty() || tickets.first() > seen) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("a create toward " + system + " is still in flight after " + max
                        + "; the change is retried later so that it is not applied twice");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public void awaitCurrent(String system) throws InterruptedException {
        awaitCurrent(system, MAX_WAIT);
    }

    /** A write to the record {@code id} of {@code system} starts; {@link #endRecord} when it is recorded (or failed). */
    public synchronized void beginRecord(String system, String id) {
        records.merge(system + '\u0000' + id, 1, Integer::sum);
    }

    public synchronized void endRecord(String system, String id) {
        records.computeIfPresent(system + '\u0000' + id, (k, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    /**
     * Waits until no write to this record is in flight. Throws {@link IllegalStateException}, a
     * transient error, after {@code max}.
     */
    public synchronized void awaitRecord(String system, String id, Duration max) throws InterruptedException {
        String key = system + '\u0000' + id;
        long deadline = System.nanoTime() + max.toNanos();
        while (records.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("a write to " + system + " record " + id + " is still in flight after " + max
                        + "; the change is retried later so that it is not taken for someone else's edit");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public void awaitRecord(String system, String id) throws InterruptedException {
        awaitRecord(system, id, MAX_WAIT);
    }
}
