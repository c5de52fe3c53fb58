package io.contactsbridge.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-replica wake-up on PostgreSQL: stored events are announced with {@code NOTIFY} on
 * {@value #CHANNEL} (in the insert's own statement, at most every few milliseconds, with a
 * trailing one: {@link InboxGroupCommit#NOTIFY_EVERY_MILLIS}), and each replica keeps one
 * connection {@code LISTEN}ing, so whichever replica has an idle worker takes the event at once
 * instead of at its next tick. On H2 (one process) only the in-process {@link InboxWakeUp} is used.
 */
public final class InboxNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxNotifications.class);
    public static final String CHANNEL = "bridge_inbox";
    private static final Map<DataSource, Boolean> POSTGRES = Collections.synchronizedMap(new WeakHashMap<>());

    private final DataSource dataSource;
    private final InboxWakeUp wakeUp;
    private final Thread listener;
    private volatile boolean running = true;

    private InboxNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
        this.wakeUp = InboxWakeUp.of(dataSource);
        this.listener = new Thread(this::listen, "inbox-listen");
        this.listener.setDaemon(true);
    }

    /** Starts listening when the store is PostgreSQL; null otherwise. */
    public static InboxNotifications startIfPostgres(DataSource dataSource) {
        if (!isPostgres(dataSource)) {
            return null;
        }
        InboxNotifications n = new InboxNotifications(dataSource);
        n.listener.start();
        return n;
    }

    static boolean isPostgres(DataSource dataSource) {
        return POSTGRES.computeIfAbsent(dataSource, ds -> {
            try (Connection c = ds.getConnection()) {
                return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 500;
                wakeUp.signal(); // events stored while we were not listening
                while (running) {
                    PGNotification[] got = pg.getNotifications(1_000);
                    if (got != null && got.length > 0) {
                        wakeUp.signal();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("inbox notifications: {}; listening again in {} ms (the claim loop's tick still finds events)",
                        e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
    }
}
