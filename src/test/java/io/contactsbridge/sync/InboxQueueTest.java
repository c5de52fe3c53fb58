package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.contactsbridge.config.Settings;
import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The claim itself: several claimers (replicas) on one store never get the same row, never hold
 * two rows of one record at once, and take each record's rows in order; the window it looks at
 * neither reorders rows nor starves the rows behind it; a stored event wakes the claim loop.
 */
class InboxQueueTest {

    static Database open(String url, String user) {
        Map<String, String> values = Map.of(Database.URL, url, Database.USER, user);
        return Database.open(new Settings(k -> Optional.ofNullable(values.get(k))));
    }

    @Test
    void claimersShareTheInboxOnH2() throws Exception {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("q").toAbsolutePath(), "sa")) {
            shareTheInbox(db);
        }
    }

    @Test
    void claimersShareTheInboxOnPostgres() throws Exception {
        try (Database db = open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            shareTheInbox(db);
        }
    }

    @Test
    void onlyTheHolderOfALeaseSettlesTheRowOnPostgres() throws Exception {
        try (Database db = open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            leasesAreFenced(db);
        }
    }

    @Test
    void onlyTheHolderOfALeaseSettlesTheRowOnH2() throws Exception {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("f").toAbsolutePath(), "sa")) {
            leasesAreFenced(db);
        }
    }

    /**
     * A replica whose lease ran out (a long back-off, a stalled process) can neither settle nor
     * renew the row another replica took over; a renewed lease keeps the row from being taken.
     */
    private static void leasesAreFenced(Database db) throws Exception {
        Inbox inbox = new Inbox(db.dataSource());
        InboxQueue slow = new InboxQueue(db.dataSource(), "slow");
        InboxQueue other = new InboxQueue(db.dataSource(), "other");
        inbox.store("test", "e-1", "test:client:1", Inbox.KIND_CHANGE, "{}");
        InboxQueue.Row row = slow.claim(1, Duration.ofMillis(200)).get(0);
        assertThat(slow.renew(List.of(row.id()), Duration.ofMillis(200))).isEmpty();
        assertThat(other.claim(1, Duration.ofMinutes(1))).as("renewed lease still running").isEmpty();
        Thread.sleep(300);
        InboxQueue.Row taken = other.claim(1, Duration.ofMinutes(1)).get(0);
        assertThat(taken.id()).isEqualTo(row.id());
        assertThat(slow.renew(List.of(row.id()), Duration.ofMinutes(1))).containsExactly(row.id());
        assertThat(slow.done(row.id())).isFalse();
        assertThat(slow.retryLater(row.id(), java.time.Instant.now(), "late")).isFalse();
        assertThat(slow.dead(row, "late")).isFalse();
        assertThat(new DeadLetters(db.dataSource()).list()).isEmpty();
        assertThat(other.status("test", "e-1")).isEqualTo(InboxQueue.NEW);
        assertThat(other.done(taken.id())).isTrue();
        assertThat(other.status("test", "e-1")).isEqualTo(InboxQueue.DONE);
    }

    @Test
    void rowsBehindAWindowOfBlockedRowsAreClaimedOnH2() throws Exception {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("w").toAbsolutePath(), "sa")) {
            rowsBehindABlockedWindow(db);
        }
    }

    @Test
    void rowsBehindAWindowOfBlockedRowsAreClaimedOnPostgres() throws Exception {
        try (Database db = open(TestDatabases.freshPostgresSchema(), TestDatabases.PG_USER)) {
            rowsBehindABlockedWindow(db);
        }
    }

    /**
     * The claim looks at a window of the oldest rows; when all of them wait behind a retry of their
     * record, the rows of other records after them are still claimed, in order.
     */
    private static void rowsBehindABlockedWindow(Database db) {
        Inbox inbox = new Inbox(db.dataSource());
        InboxQueue queue = new InboxQueue(db.dataSource(), "replica");
        inbox.store("test", "first", "test:client:busy", Inbox.KIND_CHANGE, "{}");
        InboxQueue.Row first = queue.claim(1, Duration.ofMinutes(1)).get(0);
        queue.retryLater(first.id(), java.time.Instant.now().plus(Duration.ofHours(1)), "down for an hour");
        for (int i = 0; i < InboxQueue.WINDOW + 10; i++) {
            inbox.store("test", "busy-" + i, "test:client:busy", Inbox.KIND_CHANGE, "{}");
        }
        for (int i = 0; i < 3; i++) {
            inbox.store("test", "free-" + i, "test:client:free-" + i, Inbox.KIND_CHANGE, "{}");
        }
        List<InboxQueue.Row> rows = queue.claim(5, Duration.ofMinutes(1));
        assertThat(rows).extracting(InboxQueue.Row::eventId).containsExactly("free-0", "free-1", "free-2");
        assertThat(queue.claim(5, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void theClaimTakesTheOldestRowsFirst() {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("o").toAbsolutePath(), "sa")) {
            Inbox inbox = new Inbox(db.dataSource());
            InboxQueue queue = new InboxQueue(db.dataSource(), "replica");
            for (int i = 0; i < InboxQueue.WINDOW * 3; i++) {
                inbox.store("test", "e-" + i, "test:client:" + i, Inbox.KIND_CHANGE, "{}");
            }
            assertThat(queue.claim(3, Duration.ofMinutes(1))).extracting(InboxQueue.Row::eventId)
                    .containsExactly("e-0", "e-1", "e-2");
            assertThat(queue.claim(2, Duration.ofMinutes(1))).extracting(InboxQueue.Row::eventId)
                    .containsExactly("e-3", "e-4");
        }
    }

    @Test
    void storingAnEventWakesTheClaimLoop() throws Exception {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("k").toAbsolutePath(), "sa")) {
            InboxWakeUp wakeUp = new InboxQueue(db.dataSource(), "replica").wakeUp();
            wakeUp.await(0); // forget a signal from before
            ExecutorService loop = Executors.newSingleThreadExecutor();
            Future<Boolean> woken = loop.submit(() -> wakeUp.await(30_000));
            Thread.sleep(100);
            new Inbox(db.dataSource()).store("test", "e-1", "test:client:1", Inbox.KIND_CHANGE, "{}");
            // false would mean the 30 s ran out without a signal
            assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
            loop.shutdown();
        }
    }

    @Test
    void anEventStoredByOneReplicaWakesAnotherOnPostgres() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (Database storing = open(url, TestDatabases.PG_USER); Database claiming = open(url, TestDatabases.PG_USER);
             InboxNotifications listening = InboxNotifications.startIfPostgres(claiming.dataSource())) {
            assertThat(listening).isNotNull();
            InboxWakeUp wakeUp = new InboxQueue(claiming.dataSource(), "claiming").wakeUp();
            Thread.sleep(500); // the listener is up (and its catch-up signal is given)
            wakeUp.await(0);
            ExecutorService loop = Executors.newSingleThreadExecutor();
            Future<Boolean> woken = loop.submit(() -> wakeUp.await(30_000));
            Thread.sleep(100);
            Inbox inbox = new Inbox(storing.dataSource());
            assertThat(inbox.store("test", "e-1", "test:client:1", Inbox.KIND_CHANGE, "{}")).isEqualTo(Inbox.Stored.STORED);
            // false would mean the 30 s ran out: the other replica's store did not reach this one
            assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(inbox.store("test", "e-1", "test:client:1", Inbox.KIND_CHANGE, "{}")).isEqualTo(Inbox.Stored.DUPLICATE);
            loop.shutdown();
        }
    }

    private static void shareTheInbox(Database db) throws Exception {
        Inbox inbox = new Inbox(db.dataSource());
        int records = 12;
        int perRecord = 10;
        for (int i = 0; i < perRecord; i++) {
            for (int r = 0; r < records; r++) {
                inbox.store("test", "e-" + r + "-" + i, "test:client:" + r, Inbox.KIND_CHANGE, "{\"seq\":" + i + "}");
            }
        }
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        Set<String> held = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> order = new ConcurrentHashMap<>();
        AtomicReference<String> problem = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> replicas = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            InboxQueue queue = new InboxQueue(db.dataSource(), "replica-" + n);
            replicas.add(pool.submit(() -> {
                long deadline = System.currentTimeMillis() + 30_000;
                while (claimed.size() < records * perRecord && System.currentTimeMillis() < deadline) {
                    for (InboxQueue.Row row : queue.claim(4, Duration.ofMinutes(1))) {
                        if (!claimed.add(row.id())) {
                            problem.set("row " + row.id() + " claimed twice");
                        }
                        if (!held.add(row.recordKey())) {
                            problem.set("two rows of " + row.recordKey() + " held at once");
                        }
                        order.computeIfAbsent(row.recordKey(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(row.eventId());
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        held.remove(row.recordKey());
                        queue.done(row.id());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : replicas) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(problem.get()).isNull();
        assertThat(claimed).hasSize(records * perRecord);
        for (int r = 0; r < records; r++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perRecord; i++) {
                expected.add("e-" + r + "-" + i);
            }
            assertThat(order.get("test:client:" + r)).isEqualTo(expected);
        }
    }
}
