package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's statistics of the inbox fresh enough for the claim's plan. Without them (a
 * new store, autovacuum switched off, or autovacuum a minute behind a burst) the planner guesses
 * that a few dozen rows are {@code NEW}, reads every pending row through the
 * {@code (status, next_attempt_at)} index and sorts them, for each claim: with 50,000 events
 * waiting, 50 ms of the database's CPU per claim, most of a core under a webhook burst. So when a
 * claim meets a backlog, the statistics are checked (at most every {@value #CHECK_MILLIS} ms) and,
 * when the inbox has never been analysed or has changed a lot since, {@code ANALYZE}d: the columns
 * the claim filters on only, a sample, without blocking inserts or claims. Where autovacuum keeps
 * up, the check finds nothing to do. H2 keeps its own statistics up to date.
 */
final class InboxStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(InboxStatistics.class);
    static final long CHECK_MILLIS = 30_000;
    /** Rows changed since the last analysis before another: autovacuum's 10 % of the table, plus this. */
    static final long MIN_CHANGES = 1_000;
    static final String ANALYZE_SQL = "ANALYZE inbox (status, next_attempt_at, claimed_until, record_key)";

    private final DataSource dataSource;
    private final boolean postgres;
    private final AtomicLong lastCheck = new AtomicLong(Long.MIN_VALUE / 2);

    InboxStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = InboxNotifications.isPostgres(dataSource);
    }

    /** Analyses the inbox when its statistics lag; true when it did. Never fails the claim. */
    boolean refreshIfStale() {
        long now = System.currentTimeMillis();
        long last = lastCheck.get();
        if (!postgres || now - last < CHECK_MILLIS || !lastCheck.compareAndSet(last, now)) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            long changed;
            long rows;
            boolean never;
            try (PreparedStatement ps = c.prepareStatement("SELECT n_mod_since_analyze, n_live_tup, "
                    + "last_analyze IS NULL AND last_autoanalyze IS NULL FROM pg_stat_user_tables "
                    + "WHERE relid = to_regclass('inbox')"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                changed = rs.getLong(1);
                rows = rs.getLong(2);
                never = rs.getBoolean(3);
            }
            if (!never && (changed < MIN_CHANGES || changed < rows / 10)) {
                return false;
            }
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            try (Statement s = c.createStatement()) {
                s.execute(ANALYZE_SQL);
            }
            LOG.info("inbox statistics refreshed for the claim's plan ({} rows, {} changed since the last analysis; "
                    + "autovacuum is off or behind)", rows, never ? "all" : String.valueOf(changed));
            return true;
        } catch (SQLException e) {
            LOG.warn("could not refresh the inbox statistics (claims may read more of a backlog than they need): {}",
                    e.getMessage());
            return false;
        }
    }
}
