package io.contactsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.SyncAudit;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollback command on a store: a plan by default, the reasons of what it leaves alone, usage errors. */
class RollbackCommandTest {
    String url;
    String key = TokenCipher.newKey();

    @BeforeEach
    void store() {
        url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("rollback-cli").toAbsolutePath();
        System.setProperty("bridge.db.url", url);
        System.setProperty("bridge.encryption-key", key);
    }

    @AfterEach
    void clear() {
        System.clearProperty("bridge.db.url");
        System.clearProperty("bridge.encryption-key");
    }

    @Test
    void withoutASelectionItSaysWhatToGive() {
        DeadLettersCommandTest.Run r = DeadLettersCommandTest.run("rollback");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a flow, an event id, or a time range");
        assertThat(DeadLettersCommandTest.run("rollback", "--from", "yesterday").err()).contains("ISO-8601");
    }

    @Test
    void thePlanReadsTheEncryptedValuesAndSaysWhyAWriteIsLeftAlone() {
        try (Database db = Database.open(new Settings(k -> k.equals(Database.URL) ? Optional.of(url) : Optional.empty()))) {
            SyncAudit audit = new SyncAudit(db.dataSource(), TokenCipher.of(List.of(key)));
            CanonicalChange change = new CanonicalChange("test", CanonicalChange.Entity.of("client"),
                    CanonicalChange.Action.UPDATED, "c1", Map.of("name", "New"), Instant.now(), "evt-cli-1");
            audit.record("test-flow", change, "update-contact", "contact-1", "h0", "h1", SyncAudit.WRITTEN, null, null,
                    new SyncAudit.Target("highlevel", "contact", null, Map.of("created", false, "beforeKnown", true,
                            "fields", Map.of("companyName", Map.of("before", "Old", "after", "New")))));
        }
        DeadLettersCommandTest.Run none = DeadLettersCommandTest.run("rollback", "--event", "evt-nothing");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).contains("no audited write matches");

        DeadLettersCommandTest.Run plan = DeadLettersCommandTest.run("rollback", "--event", "evt-cli-1");
        assertThat(plan.code()).as(plan.err()).isZero();
        // HighLevel is not configured here: the write is listed with the reason it cannot be undone now
        assertThat(plan.out()).contains("highlevel contact contact-1").contains("skipped")
                .contains("no rollback for highlevel contact").contains("add --apply");
        assertThat(plan.out()).doesNotContain("Old").doesNotContain("New");
    }
}
