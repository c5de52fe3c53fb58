package io.contactsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import io.contactsbridge.Application;
import io.contactsbridge.config.Settings;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeadLettersCommandTest {
    String url;

    @BeforeEach
    void store() {
        url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("cli").toAbsolutePath();
        System.setProperty("bridge.db.url", url);
    }

    @AfterEach
    void clear() {
        System.clearProperty("bridge.db.url");
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Application.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listReplayAndDropWorkOnTheStore() {
        try (Database db = Database.open(new Settings(k -> k.equals(Database.URL)
                ? java.util.Optional.of(url) : java.util.Optional.empty()))) {
            Inbox inbox = new Inbox(db.dataSource());
            inbox.store("test", "evt-1", "test:client:1", Inbox.KIND_CHANGE, "{}");
            inbox.store("test", "evt-2", "test:client:2", Inbox.KIND_CHANGE, "{}");
            InboxQueue queue = new InboxQueue(db.dataSource(), "cli-test");
            for (InboxQueue.Row row : queue.claim(10, Duration.ofMinutes(1))) {
                queue.dead(row, "permanent: highlevel answered 422: bad phone");
            }
        }
        Run list = run("dead-letters", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("evt-1").contains("evt-2").contains("bad phone");
        Run json = run("dead-letters", "list", "--json");
        assertThat(json.out()).startsWith("{\"deadLetters\":[");

        Run replay = run("dead-letters", "replay", "1");
        assertThat(replay.code()).isZero();
        assertThat(replay.out()).contains("dead letter 1 replayed");
        assertThat(run("dead-letters", "replay", "1").out()).contains("already replayed");
        assertThat(run("dead-letters", "drop", "2").out()).contains("dead letter 2 dropped");
        Run missing = run("dead-letters", "drop", "2");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no dead letter 2");
        assertThat(run("dead-letters", "list").out()).contains("no dead letters");

        try (Database db = Database.open(new Settings(k -> k.equals(Database.URL)
                ? java.util.Optional.of(url) : java.util.Optional.empty()))) {
            InboxQueue queue = new InboxQueue(db.dataSource(), "cli-test");
            assertThat(queue.status("test", "evt-1")).isEqualTo(InboxQueue.NEW);
            assertThat(queue.status("test", "evt-2")).isEqualTo(InboxQueue.DEAD);
            assertThat(List.of(queue.depthByStatus().get("NEW"))).containsExactly(1L);
        }
    }
}
