package io.contactsbridge.sync;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

/**
 * Wakes this process's inbox loop when an event is stored or a worker becomes free, so a webhook
 * is taken up at once instead of on the loop's next tick ({@code bridge.inbox.poll-interval-ms}).
 * One per store (data source) in a process: every {@link Inbox} on that store signals the loop
 * that claims from it. Other replicas sharing a PostgreSQL store hear of it by {@link InboxNotifications}.
 */
public final class InboxWakeUp {
    private static final Map<DataSource, InboxWakeUp> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    private boolean signalled;

    public static InboxWakeUp of(DataSource store) {
        return BY_STORE.computeIfAbsent(store, s -> new InboxWakeUp());
    }

    public synchronized void signal() {
        if (!signalled) {
            signalled = true;
            notifyAll();
        }
    }

    /** Waits until signalled (then clears the signal and gives true) or {@code millis} have passed. */
    public synchronized boolean await(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!signalled) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        signalled = false;
        return true;
    }
}
