package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * The durable inbox: every webhook body and every polled change is stored here before the source
 * gets its 2xx (or before the poll watermark moves). The unique key (source, event id) is the
 * idempotency key, written in the same insert as the event, so a repeated event is never stored
 * twice. The inbox consumer (sync core) claims rows in order per record key.
 */
public class Inbox {
    /** Raw webhook bodies, turned into canonical changes by the consumer. */
    public static final String KIND_WEBHOOK = "webhook";
    /** Canonical changes from pollers (payload = the change as JSON). */
    public static final String KIND_CHANGE = "change";

    public enum Stored { STORED, DUPLICATE }

    /** How long a webhook waits for its group commit on PostgreSQL before it is answered as not stored. */
    static final long COMMIT_TIMEOUT_MILLIS = 10_000;

    private final DataSource dataSource;
    private final InboxWakeUp wakeUp;
    private final boolean postgres;

    public Inbox(DataSource dataSource) {
        this.dataSource = dataSource;
        this.wakeUp = InboxWakeUp.of(dataSource);
        this.postgres = InboxNotifications.isPostgres(dataSource);
    }

    /**
     * Stores one event, or reports that its (source, event id) is already there. On PostgreSQL the
     * events arriving together share one commit ({@link InboxGroupCommit}); it returns after it.
     *
     * @param recordKey the record the event is about ({@code toggl:client:42}), or null when the
     *                  body has to be parsed first; events with the same key run one at a time
     */
    public Stored store(String source, String eventId, String recordKey, String kind, String payload) {
        if (postgres) {
            Stored stored = InboxGroupCommit.of(dataSource).store(source, eventId, recordKey, kind, payload, COMMIT_TIMEOUT_MILLIS);
            if (stored == Stored.STORED) {
                wakeUp.signal();
            }
            return stored;
        }
        String sql = "INSERT INTO inbox (source, event_id, record_key, kind, payload, status, attempts, "
                + "next_attempt_at, received_at) VALUES (?, ?, ?, ?, ?, 'NEW', 0, ?, ?)";
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            ps.setString(2, eventId);
            ps.setString(3, recordKey);
            ps.setString(4, kind);
            ps.setString(5, payload);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
            wakeUp.signal();
            return Stored.STORED;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return Stored.DUPLICATE;
            }
            throw new InboxException("could not store " + source + " event " + eventId + ": " + e.getMessage(), e);
        }
    }

    /** True when the (source, event id) pair has been stored before. */
    public boolean contains(String source, String eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbox WHERE source = ? AND event_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, eventId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new InboxException("could not read the inbox: " + e.getMessage(), e);
        }
    }

    /** SQLState 23505 is a unique violation on both PostgreSQL and H2. */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static class InboxException extends RuntimeException {
        public InboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
