package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The consumer side of the inbox: claims pending rows with a lease, in order per record key, and
 * settles them (done, retry later, dead). Only the oldest unfinished row of a record key can be
 * claimed, and only while no lease on it is running, so two events for the same record never run
 * at once while different records run in parallel. The claim is {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} (PostgreSQL and H2 2.x), so several replicas share one inbox; a lease that runs out (a
 * crashed process) makes the row claimable again.
 */
public class InboxQueue {
    public static final String NEW = "NEW";
    public static final String RETRY = "RETRY";
    public static final String DONE = "DONE";
    public static final String DEAD = "DEAD";

    public record Row(long id, String source, String eventId, String recordKey, String kind, String payload,
                      int attempts, Instant receivedAt) {
    }

    static final String CLAIM_SQL = "SELECT i.id, i.source, i.event_id, i.record_key, i.kind, i.payload, i.attempts, "
            + "i.received_at FROM inbox i "
            + "WHERE i.status IN ('NEW', 'RETRY') AND i.next_attempt_at <= ? "
            + "AND (i.claimed_until IS NULL OR i.claimed_until < ?) "
            + "AND (i.record_key IS NULL OR NOT EXISTS (SELECT 1 FROM inbox e WHERE e.record_key = i.record_key "
            + "AND e.id < i.id AND e.status IN ('NEW', 'RETRY'))) ";
    /** The oldest claimable rows of each status a claim looks at (found by index, payloads not read). */
    static final int WINDOW = 64;
    /** How often at most a claim looks past a window of blocked rows at the whole inbox. */
    static final long FULL_SCAN_MILLIS = 1_000;
    /** {@code ORDER BY status, id}: so H2, too, walks the (status, id) index and stops at the limit. */
    static final String WINDOW_SQL = "SELECT id FROM inbox WHERE status = ? AND next_attempt_at <= ? "
            + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY status, id LIMIT ?";

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final String instanceId;
    private final InboxStatistics statistics;
    private volatile long lastFullScan;

    public InboxQueue(DataSource dataSource, String instanceId) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.instanceId = instanceId;
        this.statistics = new InboxStatistics(dataSource);
    }

    /**
     * Claims up to {@code max} rows for {@code lease}; each claim counts as an attempt. A backlog
     * of many thousand rows must not make each claim read all of it (payloads included): the claim
     * looks at the {@value #WINDOW} oldest claimable new rows and as many due retries. When that
     * window is full and gives less than asked (its rows wait behind older rows of their records),
     * the claim looks at the whole inbox, at most every {@value #FULL_SCAN_MILLIS} ms, so the rows
     * behind a blocked window are not starved.
     */
    public List<Row> claim(int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        Instant now = Instant.now();
        List<Long> window = new ArrayList<>(jdbc.query(WINDOW_SQL, rs -> rs.getLong(1), NEW, now, now, WINDOW));
        boolean full = window.size() >= WINDOW;
        if (full) {
            statistics.refreshIfStale(); // a backlog: the plans of this claim and the next need its size known
        }
        List<Long> retries = jdbc.query(WINDOW_SQL, rs -> rs.getLong(1), RETRY, now, now, WINDOW);
        full |= retries.size() >= WINDOW;
        window.addAll(retries);
        List<Row> rows = window.isEmpty() ? List.of() : claim(max, lease, now, window);
        long nowMillis = System.currentTimeMillis();
        if (full && rows.size() < max && nowMillis - lastFullScan >= FULL_SCAN_MILLIS) {
            lastFullScan = nowMillis;
            List<Row> more = new ArrayList<>(rows);
            more.addAll(claim(max - rows.size(), lease, now, null));
            return more;
        }
        return rows;
    }

    /** The claim itself, among the rows of {@code window} (ids), or among all rows when it is null. */
    private List<Row> claim(int max, Duration lease, Instant now, List<Long> window) {
        String sql = CLAIM_SQL + (window == null ? ""
                : "AND i.id IN (" + String.join(", ", Collections.nCopies(window.size(), "?")) + ") ")
                + "ORDER BY i.id LIMIT ? FOR UPDATE SKIP LOCKED";
        List<Object> args = new ArrayList<>(List.of(now, now));
        if (window != null) {
            args.addAll(window);
        }
        args.add(max);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<Row> rows;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    rows = Jdbc.query(ps, rs -> new Row(rs.getLong("id"), rs.getString("source"),
                            rs.getString("event_id"), rs.getString("record_key"), rs.getString("kind"),
                            rs.getString("payload"), rs.getInt("attempts") + 1, Jdbc.instant(rs, "received_at")),
                            args.toArray());
                }
                if (!rows.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET claimed_by = ?, claimed_until = ?, "
                            + "attempts = attempts + 1 WHERE id = ?")) {
                        for (Row r : rows) {
                            Jdbc.bind(ps, instanceId, now.plus(lease), r.id());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new Jdbc.SyncStoreException(CLAIM_SQL, e);
        }
    }

    /**
     * Gives back the rows this process claimed but did not start (a graceful stop), so a restart
     * or another replica takes them at once instead of after the lease.
     */
    public int releaseMine() {
        return jdbc.update("UPDATE inbox SET claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1 "
                + "WHERE claimed_by = ? AND status IN ('NEW', 'RETRY') AND attempts > 0", instanceId);
    }

    /**
     * Keeps the leases of rows this process still works on running; gives the ids whose lease was
     * lost (taken over after it ran out, or settled elsewhere), whose results must not be recorded.
     */
    public List<Long> renew(Collection<Long> ids, Duration lease) {
        List<Long> lost = new ArrayList<>();
        Instant until = Instant.now().plus(lease);
        for (Long id : ids) {
            int n = jdbc.update("UPDATE inbox SET claimed_until = ? WHERE id = ? AND claimed_by = ? "
                    + "AND status IN ('NEW', 'RETRY')", until, id, instanceId);
            if (n == 0) {
                lost.add(id);
            }
        }
        return lost;
    }

    /** Settles the row as done while this process still holds it; false when its lease was lost. */
    public boolean done(long id) {
        return jdbc.update("UPDATE inbox SET status = 'DONE', processed_at = ?, claimed_by = NULL, claimed_until = NULL, "
                + "last_error = NULL WHERE id = ? AND claimed_by = ?", Instant.now(), id, instanceId) == 1;
    }

    /**
     * Puts the row back to wait (re-authorisation pending): another attempt at {@code nextAttempt}
     * that does not count against the attempt limit, so the event never dies of waiting.
     */
    public boolean park(long id, Instant nextAttempt, String error) {
        return jdbc.update("UPDATE inbox SET status = 'RETRY', next_attempt_at = ?, last_error = ?, claimed_by = NULL, "
                + "claimed_until = NULL, attempts = attempts - 1 WHERE id = ? AND claimed_by = ? AND attempts > 0",
                nextAttempt, error, id, instanceId) == 1;
    }

    /** Schedules another attempt while this process still holds the row; false when its lease was lost. */
    public boolean retryLater(long id, Instant nextAttempt, String error) {
        return jdbc.update("UPDATE inbox SET status = 'RETRY', next_attempt_at = ?, last_error = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?", nextAttempt, error, id, instanceId) == 1;
    }

    /**
     * Marks the row dead and opens (or re-opens) its dead letter, in one transaction, while this
     * process still holds the row; false (nothing changed) when its lease was lost.
     */
    public boolean dead(Row row, String error) {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'DEAD', processed_at = ?, "
                        + "last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                    Jdbc.bind(ps, now, error, row.id(), instanceId);
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET status = 'OPEN', attempts = ?, "
                        + "last_error = ?, failed_at = ? WHERE inbox_id = ?")) {
                    Jdbc.bind(ps, row.attempts(), error, now, row.id());
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (inbox_id, source, event_id, "
                            + "record_key, kind, attempts, last_error, status, failed_at, replay_count) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, 0)")) {
                        Jdbc.bind(ps, row.id(), row.source(), row.eventId(), row.recordKey(), row.kind(),
                                row.attempts(), error, now);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new Jdbc.SyncStoreException("dead letter", e);
        }
    }

    /**
     * Deletes processed rows older than the retention. Their event ids are then forgotten, which is
     * safe long after the sources' own retry and replay windows (minutes to days).
     */
    public int pruneDone(Duration retention) {
        return jdbc.update("DELETE FROM inbox WHERE status = 'DONE' AND processed_at < ?", Instant.now().minus(retention));
    }

    /** Rows per status (NEW, RETRY, DONE, DEAD), for metrics and the status page. */
    public Map<String, Long> depthByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : List.of(NEW, RETRY, DONE, DEAD)) {
            out.put(s, 0L);
        }
        jdbc.query("SELECT status, COUNT(*) AS n FROM inbox GROUP BY status", rs -> {
            out.put(rs.getString("status"), rs.getLong("n"));
            return null;
        });
        return out;
    }

    /** Status of one event, or null when it is not in the inbox. */
    public String status(String source, String eventId) {
        return jdbc.first("SELECT status FROM inbox WHERE source = ? AND event_id = ?", rs -> rs.getString(1),
                source, eventId);
    }

    public List<Map<String, Object>> rows(String status) {
        return jdbc.query("SELECT id, source, event_id, status, attempts, last_error FROM inbox WHERE status = ? ORDER BY id",
                InboxQueue::asMap, status);
    }

    private static Map<String, Object> asMap(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("source", rs.getString("source"));
        m.put("eventId", rs.getString("event_id"));
        m.put("status", rs.getString("status"));
        m.put("attempts", rs.getInt("attempts"));
        m.put("lastError", rs.getString("last_error"));
        return m;
    }

    /** What wakes the loop that claims from this queue's store. */
    public InboxWakeUp wakeUp() {
        return InboxWakeUp.of(dataSource);
    }

    public String instanceId() {
        return instanceId;
    }

}
