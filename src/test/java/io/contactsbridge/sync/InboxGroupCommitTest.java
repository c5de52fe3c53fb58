package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Events stored at once on PostgreSQL share commits, and each caller still gets its own answer:
 * every distinct event stored exactly once and answered STORED once, every repeat DUPLICATE, in
 * the same batch or not; per record, the order of arrival is the order of ids.
 */
class InboxGroupCommitTest {

    @Test
    void concurrentEventsAndTheirRepeatsAreEachAnsweredRightly() throws Exception {
        try (Database db = InboxQueueTest.open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            Inbox inbox = new Inbox(db.dataSource());
            int events = 400;
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Inbox.Stored>> answers = new ArrayList<>();
            for (int copy = 0; copy < 2; copy++) {
                for (int i = 0; i < events; i++) {
                    String id = "e-" + i;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return inbox.store("test", id, "test:client:" + id, Inbox.KIND_CHANGE, "{}");
                    }));
                }
            }
            go.countDown();
            long stored = 0;
            long duplicates = 0;
            for (Future<Inbox.Stored> f : answers) {
                if (f.get(60, TimeUnit.SECONDS) == Inbox.Stored.STORED) {
                    stored++;
                } else {
                    duplicates++;
                }
            }
            pool.shutdown();
            assertThat(stored).isEqualTo(events);
            assertThat(duplicates).isEqualTo(events);
            assertThat(new InboxQueue(db.dataSource(), "x").depthByStatus().get(InboxQueue.NEW)).isEqualTo(events);

            // one caller after another: each answer is its own
            assertThat(inbox.store("test", "late", "test:client:late", Inbox.KIND_CHANGE, "{}")).isEqualTo(Inbox.Stored.STORED);
            assertThat(inbox.store("test", "late", "test:client:late", Inbox.KIND_CHANGE, "{}")).isEqualTo(Inbox.Stored.DUPLICATE);
        }
    }

    /** At the shipped interval, commits one after another share announcements: fewer NOTIFYs than commits. */
    @Test
    void commitsInQuickSuccessionAreAnnouncedLessOftenThanMade() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (Database db = InboxQueueTest.open(url, TestDatabases.PG_USER); Connection listening = listeningTo(url)) {
            Inbox inbox = new Inbox(db.dataSource());
            int events = 100;
            for (int i = 0; i < events; i++) { // one after another: one commit each
                assertThat(inbox.store("test", "b-" + i, "test:client:" + i, Inbox.KIND_CHANGE, "{}")).isEqualTo(Inbox.Stored.STORED);
            }
            int notifications = notificationsWithin(listening, 1_000).size();
            // a commit takes well under the interval here (about a millisecond), so many share one
            assertThat(notifications).as("notifications for %d commits", events).isBetween(1, events / 2);
        }
    }

    /**
     * The commits made within the interval after an announcement are announced when it is over
     * (the trailing NOTIFY), though nothing follows them: after the last notification a listener
     * gets, every stored event is there to be claimed.
     */
    @Test
    void theLastCommitsOfABurstAreAnnouncedWhenTheIntervalIsOver() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (Database db = InboxQueueTest.open(url, TestDatabases.PG_USER); Connection listening = listeningTo(url)) {
            InboxGroupCommit commits = new InboxGroupCommit(db.dataSource(), 1_000);
            int events = 10;
            for (int i = 0; i < events; i++) {
                assertThat(commits.store("test", "t-" + i, "test:client:" + i, Inbox.KIND_CHANGE, "{}", 30_000))
                        .isEqualTo(Inbox.Stored.STORED);
            }
            List<Long> visible = notificationsWithin(listening, 2_500);
            // the first commit at once, the nine made within its second together when that second is over
            assertThat(visible).as("events visible at each notification").hasSize(2);
            assertThat(visible.get(1)).isEqualTo(events);
        }
    }

    /** A connection of its own that LISTENs to the inbox's announcements, as another replica's does. */
    private static Connection listeningTo(String url) throws Exception {
        Connection c = DriverManager.getConnection(url, TestDatabases.PG_USER, "");
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + InboxNotifications.CHANNEL);
        }
        return c;
    }

    /** The notifications {@code listening} gets within {@code millis}: for each, the events visible then. */
    private static List<Long> notificationsWithin(Connection listening, long millis) throws Exception {
        PGConnection pg = listening.unwrap(PGConnection.class);
        List<Long> visible = new ArrayList<>();
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            PGNotification[] got = pg.getNotifications(50);
            for (int n = 0; got != null && n < got.length; n++) {
                try (Statement s = listening.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE source = 'test'")) {
                    rs.next();
                    visible.add(rs.getLong(1));
                }
            }
        }
        return visible;
    }
}
