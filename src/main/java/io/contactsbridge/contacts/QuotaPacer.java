package io.contactsbridge.contacts;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces requests per location so that no window of {@code X-RateLimit-Interval-Milliseconds}
 * ever holds more than {@code X-RateLimit-Max} of our requests, and waits out a 429's
 * {@code Retry-After} before the next request to that location.
 *
 * <p>How: a sliding log of the last {@code max} send times per location. A request may go when
 * the oldest of them is more than one interval (plus a small margin for network jitter) ago.
 * That lets a bulk sync use the whole quota (bursts included) at close to the allowed rate,
 * while being safe for both fixed-window and sliding-window limiters on the server, since
 * "at most max in any sliding window" implies "at most max in any fixed window".
 *
 * <p>Why not Camel's Throttle EIP: it enforces one static rate per route, while HighLevel's limit is
 * per location, shared by all 23 operation routes, announced (and changed) by response headers,
 * and must also stop completely until a 429's Retry-After has passed.
 *
 * <p>The remaining counts the server reports are kept for the quota gauges; they are not used to
 * pace, because they lag behind requests in flight.
 */
public final class QuotaPacer {

    /** Time source and sleeper, replaceable in tests. */
    public interface Clock {
        long millis();

        void sleep(long millis) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long millis() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int defaultMax;
    private final long defaultIntervalMillis;
    private final Clock clock;

    public QuotaPacer(int defaultMax, long defaultIntervalMillis, Clock clock) {
        if (defaultMax < 1 || defaultIntervalMillis < 1) {
            throw new IllegalArgumentException("max and interval must be positive");
        }
        this.defaultMax = defaultMax;
        this.defaultIntervalMillis = defaultIntervalMillis;
        this.clock = clock;
    }

    public QuotaPacer(int defaultMax, long defaultIntervalMillis) {
        this(defaultMax, defaultIntervalMillis, Clock.SYSTEM);
    }

    /** Blocks until a request to the location may be sent, and counts it. Returns the wait in ms. */
    public long acquire(String location) throws InterruptedException {
        Window w = window(location);
        long sendAt;
        synchronized (w) {
            sendAt = w.reserve(clock.millis());
        }
        long wait = sendAt - clock.millis();
        if (wait > 0) {
            clock.sleep(wait);
        }
        return Math.max(wait, 0);
    }

    /**
     * Takes what a response says about the quota (any value may be null when the header is absent).
     */
    public void observe(String location, Integer max, Long intervalMillis, Integer remaining, Integer dailyRemaining) {
        Window w = window(location);
        synchronized (w) {
            if (max != null && max > 0) {
                w.resize(max);
            }
            if (intervalMillis != null && intervalMillis > 0) {
                w.intervalMillis = intervalMillis;
            }
            if (remaining != null) {
                w.serverRemaining = remaining;
            }
            if (dailyRemaining != null) {
                w.serverDailyRemaining = dailyRemaining;
            }
        }
    }

    /** After a 429: nothing is sent to the location before {@code now + retryAfterMillis}. */
    public void blockFor(String location, long retryAfterMillis) {
        Window w = window(location);
        synchronized (w) {
            w.blockedUntil = Math.max(w.blockedUntil, clock.millis() + Math.max(retryAfterMillis, 0));
        }
    }

    /** The burst quota left as the server last reported it. */
    public OptionalLong remaining(String location) {
        Window w = windows.get(location);
        return w == null || w.serverRemaining < 0 ? OptionalLong.empty() : OptionalLong.of(w.serverRemaining);
    }

    /** The daily quota left as the server last reported it. */
    public OptionalLong dailyRemaining(String location) {
        Window w = windows.get(location);
        return w == null || w.serverDailyRemaining < 0 ? OptionalLong.empty() : OptionalLong.of(w.serverDailyRemaining);
    }

    /** The limit in force for the location: requests per interval. */
    public int max(String location) {
        Window w = window(location);
        synchronized (w) {
            return w.sends.length;
        }
    }

    public long intervalMillis(String location) {
        Window w = window(location);
        synchronized (w) {
            return w.intervalMillis;
        }
    }

    private Window window(String location) {
        return windows.computeIfAbsent(location, l -> new Window(defaultMax, defaultIntervalMillis));
    }

    /** Safety margin added to the interval: covers jitter between our send and the server's arrival clock. */
    static long marginMillis(long intervalMillis) {
        return Math.max(intervalMillis / 50, 25);
    }

    private static final class Window {
        /** Ring of the most recent send times, oldest at {@code head}; holds at most max entries. */
        long[] sends;
        int head;
        int count;
        long intervalMillis;
        long blockedUntil;
        long lastSlot;
        int serverRemaining = -1;
        int serverDailyRemaining = -1;

        Window(int max, long intervalMillis) {
            this.sends = new long[max];
            this.intervalMillis = intervalMillis;
        }

        long reserve(long now) {
            long slot = Math.max(Math.max(now, blockedUntil), lastSlot);
            if (count == sends.length) {
                long oldest = sends[head];
                slot = Math.max(slot, oldest + intervalMillis + marginMillis(intervalMillis));
                sends[head] = slot;
                head = (head + 1) % sends.length;
            } else {
                sends[(head + count) % sends.length] = slot;
                count++;
            }
            lastSlot = slot;
            return slot;
        }

        void resize(int max) {
            if (max == sends.length) {
                return;
            }
            long[] resized = new long[max];
            int keep = Math.min(count, max);
            for (int i = 0; i < keep; i++) {
                // keep the newest entries, oldest first
                resized[i] = sends[(head + count - keep + i) % sends.length];
            }
            sends = resized;
            head = 0;
            count = keep;
        }
    }
}
