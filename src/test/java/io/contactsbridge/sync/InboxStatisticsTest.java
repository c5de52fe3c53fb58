package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * A burst of webhooks into a store whose inbox PostgreSQL has not analysed yet (a new store, or
 * autovacuum off or behind, as on the CI machine): the first claim that meets the backlog gets the
 * statistics refreshed, after which both of its statements read only the rows they need, by index
 * in order, instead of every pending row followed by a sort.
 */
class InboxStatisticsTest {
    static final int BACKLOG = 20_000;

    @Test
    void aClaimThatMeetsABacklogLeavesItsPlansReadingOnlyTheWindow() throws Exception {
        try (Database db = InboxQueueTest.open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            insert(db, 1, BACKLOG);
            InboxQueue queue = new InboxQueue(db.dataSource(), "replica-a");

            List<InboxQueue.Row> claimed = queue.claim(4, Duration.ofMinutes(2));

            assertThat(claimed).extracting(InboxQueue.Row::eventId).containsExactly("e-1", "e-2", "e-3", "e-4");
            String window = plan(db, InboxQueue.WINDOW_SQL.replaceFirst("\\?", "'NEW'").replaceFirst("\\?", "now()")
                    .replaceFirst("\\?", "now()").replaceFirst("\\?", String.valueOf(InboxQueue.WINDOW)));
            assertThat(window).as("the window of new rows: the oldest, found by the (status, id) index in order")
                    .contains("Index Scan using inbox_status_order").doesNotContain("Bitmap").doesNotContain("Sort");
            List<String> ids = new ArrayList<>();
            for (long id = 100; id < 164; id++) {
                ids.add(String.valueOf(id));
            }
            String claim = plan(db, InboxQueue.CLAIM_SQL.replace("?", "now()") + "AND i.id IN (" + String.join(", ", ids)
                    + ") ORDER BY i.id LIMIT 4 FOR UPDATE SKIP LOCKED");
            assertThat(claim).as("the claim among the window's rows: by primary key, not by reading every pending row")
                    .contains("inbox_pkey").doesNotContain("inbox_pending");
        }
    }

    @Test
    void anInboxAnalysedSinceItsLastChangesIsLeftAlone() throws Exception {
        try (Database db = InboxQueueTest.open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            insert(db, 1, 100);
            InboxStatistics statistics = new InboxStatistics(db.dataSource());
            assertThat(statistics.refreshIfStale()).as("never analysed").isTrue();
            assertThat(statistics.refreshIfStale()).as("checked a moment ago").isFalse();

            insert(db, 101, 150);
            assertThat(new InboxStatistics(db.dataSource()).refreshIfStale()).as("50 rows changed since").isFalse();
            insert(db, 151, 151 + InboxStatistics.MIN_CHANGES);
            assertThat(new InboxStatistics(db.dataSource()).refreshIfStale()).as("more than a thousand changed since").isTrue();
        }
    }

    private static void insert(Database db, long from, long to) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO inbox (source, event_id, record_key, kind, payload, status, attempts, next_attempt_at, "
                    + "received_at) SELECT 'test', 'e-' || n, 'test:client:' || n, 'change', '{}', 'NEW', 0, now(), now() "
                    + "FROM generate_series(" + from + ", " + to + ") n");
            // the statistics the check reads are flushed by each backend now and then; now, here
            s.execute("SELECT pg_stat_force_next_flush()");
        }
    }

    private static String plan(Database db, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
