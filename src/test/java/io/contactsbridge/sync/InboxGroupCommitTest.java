package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

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
}
