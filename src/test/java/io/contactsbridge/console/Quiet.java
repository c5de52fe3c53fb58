package io.contactsbridge.console;

import java.time.Duration;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sync.InboxQueue;
import org.awaitility.Awaitility;

/** Waits until a sandbox bridge's demo data has gone through (nothing waiting, nothing new for 1.5 s). */
final class Quiet {
    private Quiet() {
    }

    static void settle(Bridge bridge) {
        InboxQueue queue = new InboxQueue(bridge.database().dataSource(), "console-test-observer");
        long[] last = {-1};
        long[] since = {System.currentTimeMillis()};
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<String, Long> d = queue.depthByStatus();
            long total = d.values().stream().mapToLong(Long::longValue).sum();
            if (total != last[0] || d.getOrDefault(InboxQueue.NEW, 0L) > 0 || d.getOrDefault(InboxQueue.RETRY, 0L) > 0) {
                last[0] = total;
                since[0] = System.currentTimeMillis();
                return false;
            }
            return System.currentTimeMillis() - since[0] > 1500;
        });
    }
}
