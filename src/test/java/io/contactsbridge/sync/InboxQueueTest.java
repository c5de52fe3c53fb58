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
 * two rows of one record at once, and take each record's rows in order.
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
