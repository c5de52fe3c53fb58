package io.contactsbridge.hubstaff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.hubstaff.HubstaffAccountSimulator;
import io.contactsbridge.sandbox.hubstaff.HubstaffSimulator;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.sync.SyncPolling;
import io.contactsbridge.testing.TestBridge;

/** A bridge with the HighLevel and Hubstaff simulators only, polled by hand. */
final class HubstaffTestSupport {
    final HighLevelSimulator highlevel = new HighLevelSimulator();
    final HubstaffSimulator hubstaff = new HubstaffSimulator();
    final HubstaffAccountSimulator account = new HubstaffAccountSimulator();
    final Bridge bridge;

    HubstaffTestSupport(Map<String, String> settings) {
        TestBridge tb = TestBridge.sandbox().simulators(List.of(highlevel, account, hubstaff))
                .with("bridge.poll.enabled", "false").with("bridge.inbox.poll-interval-ms", "50")
                .with("bridge.inbox.initial-backoff-ms", "100").with("hubstaff.poll-on-start", "false");
        tb.with(settings);
        bridge = tb.start();
    }

    /** One poll cycle, as the Quartz trigger runs it; the Hubstaff source's result. */
    SyncPolling.SourceResult poll() {
        SyncPolling.CycleResult result = bridge.context().createProducerTemplate().requestBodyAndHeader("direct:sync.poll-cycle",
                null, "syncTrigger", "test", SyncPolling.CycleResult.class);
        return result.sources().stream().filter(s -> s.source().equals("hubstaff")).findFirst().orElseThrow();
    }

    /** Waits until no inbox row is waiting or retrying. */
    void drain() throws InterruptedException {
        InboxQueue queue = new InboxQueue(bridge.database().dataSource(), "observer");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> depth = queue.depthByStatus();
            if (depth.getOrDefault(InboxQueue.NEW, 0L) + depth.getOrDefault(InboxQueue.RETRY, 0L) == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the inbox did not drain: " + queue.depthByStatus() + "; audit " + audit());
    }

    /** Audit rows: flow | entity | action | operation | outcome | detail. */
    List<String> audit() {
        List<String> rows = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT flow, entity, action, operation, outcome, detail FROM sync_audit ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    int deadLetters() {
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> contactWithEmail(String email) {
        return highlevel.contacts().stream().filter(c -> email.equals(c.get("email"))).findFirst().map(LinkedHashMap::new)
                .orElse(null);
    }

    void close() {
        bridge.close();
    }
}
