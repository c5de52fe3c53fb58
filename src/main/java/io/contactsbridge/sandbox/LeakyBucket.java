package io.contactsbridge.sandbox;

import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A technical rate limit: a bucket of {@code capacity} requests that leaks {@code perSecond}; a request
 * that would overflow it is refused (Toggl's 429, about 1 request/second). Settings are read live.
 */
public final class LeakyBucket {
    private final LongSupplier clock;
    private final DoubleSupplier perSecond;
    private final IntSupplier capacity;
    private double level;
    private long lastLeakMillis;

    public LeakyBucket(LongSupplier clock, DoubleSupplier perSecond, IntSupplier capacity) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.lastLeakMillis = clock.getAsLong();
    }

    /** 0 when the request fits (it is counted), else whole seconds to wait, at least 1. */
    public synchronized long acquire() {
        long now = clock.getAsLong();
        double leak = perSecond.getAsDouble();
        int burst = capacity.getAsInt();
        level = Math.max(0, level - (now - lastLeakMillis) / 1000.0 * leak);
        lastLeakMillis = now;
        if (level + 1 > burst) {
            return Math.max(1, (long) Math.ceil((level + 1 - burst) / leak));
        }
        level += 1;
        return 0;
    }

    /** Empties the bucket. */
    public synchronized void reset() {
        level = 0;
        lastLeakMillis = clock.getAsLong();
    }

    /** Leaks from now on (after the clock was replaced), keeping the level. */
    public synchronized void restartClock() {
        lastLeakMillis = clock.getAsLong();
    }
}
