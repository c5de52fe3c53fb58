package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** Dead letters come in pages, and dead and dropped rows go after their retention; recent ones stay. */
class DeadLetterRetentionTest {

    @Test
    void pagedAndPrunedAfterTheRetention() throws Exception {
        String url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("dead").toAbsolutePath();
        try (Database db = Database.open(new Settings(k -> k.equals(Database.URL) ? Optional.of(url) : Optional.empty()))) {
            Inbox inbox = new Inbox(db.dataSource());
            for (int i = 1; i <= 5; i++) {
                inbox.store("test", "evt-" + i, "test:client:" + i, Inbox.KIND_CHANGE, "{}");
            }
            InboxQueue queue = new InboxQueue(db.dataSource(), "retention-test");
            for (InboxQueue.Row row : queue.claim(10, Duration.ofMinutes(1))) {
                queue.dead(row, "permanent: refused");
            }
            DeadLetters letters = new DeadLetters(db.dataSource());
            assertThat(letters.list(2, 0)).extracting(m -> m.get("eventId")).containsExactly("evt-1", "evt-2");
            assertThat(letters.list(2, 4)).extracting(m -> m.get("eventId")).containsExactly("evt-5");

            // evt-1 and evt-2 failed long ago; evt-2's letter was dropped (its DEAD inbox row stays)
            long dropped = ((Number) letters.list(5, 0).get(1).get("id")).longValue();
            assertThat(letters.drop(dropped)).isEqualTo(DeadLetters.Result.DONE);
            Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(100)));
            try (var c = db.dataSource().getConnection()) {
                try (var ps = c.prepareStatement("UPDATE dead_letter SET failed_at = ? WHERE event_id IN ('evt-1', 'evt-2')")) {
                    ps.setTimestamp(1, old);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("UPDATE inbox SET received_at = ? WHERE event_id IN ('evt-1', 'evt-2')")) {
                    ps.setTimestamp(1, old);
                    ps.executeUpdate();
                }
            }
            assertThat(letters.prune(Duration.ofDays(90))).isEqualTo(3); // evt-1's letter, both inbox rows
            assertThat(letters.list(10, 0)).extracting(m -> m.get("eventId")).containsExactly("evt-3", "evt-4", "evt-5");
            assertThat(queue.depthByStatus()).containsEntry(InboxQueue.DEAD, 3L);
            assertThat(letters.prune(Duration.ofDays(90))).isZero();
            assertThat(Map.of("open", letters.openCount())).containsEntry("open", 3);
        }
    }
}
