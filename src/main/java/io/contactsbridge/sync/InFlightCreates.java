package io.contactsbridge.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The writes that may create a record, per target system, while they are being sent. A "created"
 * change from that system can be the echo of one of them, arriving (by webhook) before the write
 * answered and was recorded: {@link SyncRouter} waits for the creates that were in flight when the
 * change arrived, so the echo detector and the links see them, instead of creating the record twice.
 */
public final class InFlightCreates {
    /** Longer than any send (HTTP timeouts and retries): then the change is retried later instead. */
    static final Duration MAX_WAIT = Duration.ofSeconds(120);

    private final Map<String, TreeSet<Long>> inFlight = new HashMap<>();
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
}
