package io.contactsbridge.webhook;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * While the state store is down, webhook deliveries get the sender's "retry later" answer at once
 * instead of each holding an HTTP worker for the connection pool's timeout: after a store that
 * failed slowly (it waited for a connection), deliveries are refused for {@code openMillis}; then
 * one delivery tries the store again (the others are still refused) and its result closes or
 * re-opens the breaker. A failure that comes at once holds nobody and opens nothing. One per intake.
 */
final class StoreBreaker {
    static final long DEFAULT_OPEN_MILLIS = 5_000;
    /** A store failure slower than this waited for the pool: the store is unreachable, not just refusing. */
    static final long SLOW_FAILURE_NANOS = 1_000_000_000L;
    private final long openMillis;
    private final AtomicLong openUntil = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;

    StoreBreaker(long openMillis) {
        this.openMillis = openMillis;
    }

    /** True when this delivery may try the store. */
    boolean allow() {
        if (!open) {
            return true;
        }
        return System.currentTimeMillis() >= openUntil.get() && probing.compareAndSet(false, true);
    }

    void succeeded() {
        open = false;
        probing.set(false);
    }

    /** @param slow the failure waited (for a connection): refuse the next deliveries at once */
    void failed(boolean slow) {
        if (slow || open) {
            openUntil.set(System.currentTimeMillis() + openMillis);
            open = true;
        }
        probing.set(false);
    }

    boolean isOpen() {
        return open;
    }
}
