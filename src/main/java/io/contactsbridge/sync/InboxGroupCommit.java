package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the inbox on PostgreSQL, where every commit waits for the write-ahead log to
 * reach the disk: the events that arrive while one commit is on its way are stored together by the
 * next, in one multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} and one commit, and
 * each caller is answered (stored or duplicate) only after that commit. Nothing is acknowledged
 * before it is durable; under load a commit carries many events instead of one.
 */
final class InboxGroupCommit {
    static final int MAX_BATCH = 256;
    /**
     * One writer: the events that arrive while its commit is on its way wait and go together in the
     * next. A second writer would take them at once in batches half the size, and the database's
     * cost is mostly per statement (measured at 16 connections: 3.3 events per commit with two
     * writers, 4.7 with one, and a third less of PostgreSQL's CPU per event).
     */
    static final int WRITERS = 1;
    static final long IDLE_EXIT_MILLIS = 60_000;
    /**
     * Other replicas hear of new events (NOTIFY) at most this often. A NOTIFY with every commit
     * cost, under load, a signal to each listening backend and a wake-up of each replica's listener
     * per commit: measured on the PostgreSQL intake bench, a fifth of its throughput. A commit
     * within this interval of the last NOTIFY is announced when the interval is over (a trailing
     * NOTIFY), so the last events of a burst are heard too, at most this late; this process's own
     * claim loop is woken at once ({@link Inbox} signals it).
     */
    static final long NOTIFY_EVERY_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(InboxGroupCommit.class);
    private static final Map<DataSource, InboxGroupCommit> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    record Pending(String source, String eventId, String recordKey, String kind, String payload, Timestamp at,
                   CompletableFuture<Inbox.Stored> result) {
    }

    private final DataSource dataSource;
    private final long notifyEveryNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger writers = new AtomicInteger();
    // the writer's own (one writer at a time; a new one starts after the last has left)
    private long lastNotify;
    private boolean unannounced;

    private InboxGroupCommit(DataSource dataSource) {
        this(dataSource, NOTIFY_EVERY_MILLIS);
    }

    /** With another NOTIFY interval (tests: one long enough to tell a trailing NOTIFY from the first). */
    InboxGroupCommit(DataSource dataSource, long notifyEveryMillis) {
        this.dataSource = dataSource;
        this.notifyEveryNanos = TimeUnit.MILLISECONDS.toNanos(notifyEveryMillis);
        this.lastNotify = System.nanoTime() - notifyEveryNanos;
    }

    static InboxGroupCommit of(DataSource store) {
        return BY_STORE.computeIfAbsent(store, InboxGroupCommit::new);
    }

    /** Stores one event with the next group commit; returns once it is committed (or refused). */
    Inbox.Stored store(String source, String eventId, String recordKey, String kind, String payload, long timeoutMillis) {
        Pending p = new Pending(source, eventId, recordKey, kind, payload, Timestamp.from(Instant.now()), new CompletableFuture<>());
        queue.add(p);
        ensureWriters();
        try {
            return p.result().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new Inbox.InboxException("could not store " + source + " event " + eventId + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new Inbox.InboxException("could not store " + source + " event " + eventId + ": the store did not commit within "
                    + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Inbox.InboxException("interrupted while storing " + source + " event " + eventId, e);
        }
    }

    private void ensureWriters() {
        while (true) {
            int n = writers.get();
            if (n >= WRITERS || queue.isEmpty()) {
                return;
            }
            if (writers.compareAndSet(n, n + 1)) {
                Thread t = new Thread(this::write, "inbox-group-commit");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private void write() {
        try {
            while (true) {
                Pending first;
                try {
                    // an unannounced commit is announced when its interval is over, even if nothing follows it
                    long waitNanos = unannounced ? Math.max(0, lastNotify + notifyEveryNanos - System.nanoTime())
                            : TimeUnit.MILLISECONDS.toNanos(IDLE_EXIT_MILLIS);
                    first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (first == null) {
                    if (unannounced) {
                        announce();
                        continue;
                    }
                    return;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                long now = System.nanoTime();
                boolean withNotify = now - lastNotify >= notifyEveryNanos;
                if (commit(batch, withNotify) > 0) {
                    if (withNotify) {
                        lastNotify = now;
                    }
                    unannounced = !withNotify;
                }
            }
        } finally {
            writers.decrementAndGet();
            ensureWriters(); // an event queued while this writer was leaving
        }
    }

    /** The trailing NOTIFY for commits made without one. */
    private void announce() {
        lastNotify = System.nanoTime();
        unannounced = false;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            s.execute("SELECT pg_notify('" + InboxNotifications.CHANNEL + "', '')");
        } catch (SQLException | RuntimeException e) {
            // the events are stored: other replicas find them at their loop's next tick
            LOG.debug("inbox: could not announce stored events to other replicas: {}", e.getMessage());
        }
    }

    /** Stores a batch in one statement and commit; gives how many of its events were new. */
    private int commit(List<Pending> batch, boolean withNotify) {
        // the same event twice in one batch: the first is stored, the other is its duplicate
        List<Pending> distinct = new ArrayList<>();
        List<Pending> repeated = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Pending p : batch) {
            (keys.add(p.source() + '\u0000' + p.eventId()) ? distinct : repeated).add(p);
        }
        StringBuilder sql = new StringBuilder("INSERT INTO inbox (source, event_id, record_key, kind, payload, status, "
                + "attempts, next_attempt_at, received_at) VALUES ");
        for (int i = 0; i < distinct.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, 'NEW', 0, ?, ?)");
        }
        sql.append(" ON CONFLICT (source, event_id) DO NOTHING RETURNING source, event_id");
        if (withNotify) {
            // one statement, so one round trip and its own commit: the rows, and the NOTIFY when any
            // row is new (sent by PostgreSQL at that commit); on a busy machine every further round
            // trip is another wait for a CPU, which the callers' acknowledgements would wait for too
            sql.insert(0, "WITH ins AS (").append("), announced AS (SELECT pg_notify('").append(InboxNotifications.CHANNEL)
                    .append("', '') FROM (SELECT 1 FROM ins LIMIT 1) one) ")
                    .append("SELECT ins.source, ins.event_id FROM ins LEFT JOIN announced ON TRUE");
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (Pending p : distinct) {
                    ps.setString(i++, p.source());
                    ps.setString(i++, p.eventId());
                    ps.setString(i++, p.recordKey());
                    ps.setString(i++, p.kind());
                    ps.setString(i++, p.payload());
                    ps.setTimestamp(i++, p.at());
                    ps.setTimestamp(i++, p.at());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1) + '\u0000' + rs.getString(2));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return 0;
        }
        for (Pending p : distinct) {
            p.result().complete(stored.contains(p.source() + '\u0000' + p.eventId()) ? Inbox.Stored.STORED : Inbox.Stored.DUPLICATE);
        }
        repeated.forEach(p -> p.result().complete(Inbox.Stored.DUPLICATE));
        return stored.size();
    }
}
