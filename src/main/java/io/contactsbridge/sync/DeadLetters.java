package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Events that failed permanently or too often. A replay puts the inbox row back to NEW with fresh
 * attempts, so it runs through the normal path again; replaying a letter that was already replayed
 * changes nothing. Dropping removes the letter; the inbox row stays DEAD, so the same event id is
 * still recognised as seen.
 */
public class DeadLetters {
    public static final String OPEN = "OPEN";
    public static final String REPLAYED = "REPLAYED";

    public enum Result { DONE, ALREADY_DONE, NOT_FOUND }

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public DeadLetters(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Open dead letters, oldest first, with the event body. */
    public List<Map<String, Object>> list() {
        return jdbc.query("SELECT d.*, i.payload FROM dead_letter d JOIN inbox i ON i.id = d.inbox_id "
                + "WHERE d.status = 'OPEN' ORDER BY d.id", DeadLetters::map);
    }

    /** One page of {@link #list()}. */
    public List<Map<String, Object>> list(int limit, int offset) {
        return jdbc.query("SELECT d.*, i.payload FROM dead_letter d JOIN inbox i ON i.id = d.inbox_id "
                + "WHERE d.status = 'OPEN' ORDER BY d.id LIMIT ? OFFSET ?", DeadLetters::map, limit, offset);
    }

    /**
     * Removes, after {@code retention}: dead letters (open or replayed) and the DEAD inbox rows they
     * kept, and the DEAD inbox rows of dropped letters. Returns how many rows went.
     */
    public int prune(java.time.Duration retention) {
        Instant before = Instant.now().minus(retention);
        int letters = jdbc.update("DELETE FROM dead_letter WHERE failed_at < ? AND (replayed_at IS NULL OR replayed_at < ?)",
                before, before);
        int rows = jdbc.update("DELETE FROM inbox WHERE status = 'DEAD' AND received_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM dead_letter d WHERE d.inbox_id = inbox.id)", before);
        return letters + rows;
    }

    public Map<String, Object> get(long id) {
        return jdbc.first("SELECT d.*, i.payload FROM dead_letter d JOIN inbox i ON i.id = d.inbox_id WHERE d.id = ?",
                DeadLetters::map, id);
    }

    public int openCount() {
        return jdbc.first("SELECT COUNT(*) FROM dead_letter WHERE status = 'OPEN'", rs -> rs.getInt(1));
    }

    public Result replay(long id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String status;
                long inboxId;
                try (PreparedStatement ps = c.prepareStatement("SELECT status, inbox_id FROM dead_letter WHERE id = ? FOR UPDATE")) {
                    Jdbc.bind(ps, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Result.NOT_FOUND;
                        }
                        status = rs.getString(1);
                        inboxId = rs.getLong(2);
                    }
                }
                if (!OPEN.equals(status)) {
                    c.rollback();
                    return Result.ALREADY_DONE;
                }
                Instant now = Instant.now();
                try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'NEW', attempts = 0, "
                        + "next_attempt_at = ?, processed_at = NULL, claimed_by = NULL, claimed_until = NULL "
                        + "WHERE id = ? AND status = 'DEAD'")) {
                    Jdbc.bind(ps, now, inboxId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET status = 'REPLAYED', replayed_at = ?, "
                        + "replay_count = replay_count + 1 WHERE id = ?")) {
                    Jdbc.bind(ps, now, id);
                    ps.executeUpdate();
                }
                c.commit();
                return Result.DONE;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new Jdbc.SyncStoreException("replay dead letter", e);
        }
    }

    public Result drop(long id) {
        return jdbc.update("DELETE FROM dead_letter WHERE id = ?", id) == 1 ? Result.DONE : Result.NOT_FOUND;
    }

    private static Map<String, Object> map(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("inboxId", rs.getLong("inbox_id"));
        m.put("source", rs.getString("source"));
        m.put("eventId", rs.getString("event_id"));
        m.put("recordKey", rs.getString("record_key"));
        m.put("kind", rs.getString("kind"));
        m.put("status", rs.getString("status"));
        m.put("attempts", rs.getInt("attempts"));
        m.put("lastError", rs.getString("last_error"));
        m.put("failedAt", String.valueOf(Jdbc.instant(rs, "failed_at")));
        Instant replayed = Jdbc.instant(rs, "replayed_at");
        m.put("replayedAt", replayed == null ? null : replayed.toString());
        m.put("replayCount", rs.getInt("replay_count"));
        m.put("payload", rs.getString("payload"));
        return m;
    }
}
