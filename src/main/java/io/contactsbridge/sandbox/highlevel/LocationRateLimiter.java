package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * HighLevel's two quotas per location: a burst limit ({@code limitMax} requests per
 * {@code limitIntervalMs}, default 100 per 10 s) and a daily limit (default 200,000).
 *
 * <p>Window behaviour, precisely (a benchmark measures its achieved rate against this):
 * both quotas are <b>fixed windows aligned to the first request</b>. The burst window opens at the
 * first request after the previous window has ended and lasts exactly {@code limitIntervalMs}; at most
 * {@code limitMax} requests are accepted inside it. The daily window works the same way with 24 h.
 * A refused request (429) does not count and does not open a window. So the most a client can
 * achieve over a long run is {@code limitMax} per {@code limitIntervalMs}.
 *
 * <p>Headers: {@code X-RateLimit-Remaining} is what is left in the current burst window
 * ({@code limitMax} when no window is open), {@code X-RateLimit-Daily-Remaining} likewise per day.
 * A 429 carries {@code Retry-After} = whole seconds (rounded up, at least 1) until the window that
 * refused the request ends.
 */
final class LocationRateLimiter {
    static final long DAY_MS = 24L * 60 * 60 * 1000;

    /** The outcome of one request: accepted or not, and the header values to send. */
    record Decision(boolean allowed, long retryAfterSeconds, Map<String, String> headers) {
    }

    private static final class Windows {
        long burstStart = Long.MIN_VALUE;
        int burstCount;
        long dayStart = Long.MIN_VALUE;
        long dayCount;
    }

    private final HighLevelFaults knobs;
    private final LongSupplier clock;
    private final Map<String, Windows> byLocation = new ConcurrentHashMap<>();

    LocationRateLimiter(HighLevelFaults knobs, LongSupplier clock) {
        this.knobs = knobs;
        this.clock = clock;
    }

    /** Counts one request for {@code locationId} if both quotas allow it. */
    Decision acquire(String locationId) {
        Windows w = byLocation.computeIfAbsent(locationId, k -> new Windows());
        int max = knobs.limitMax();
        long interval = knobs.limitIntervalMs();
        long daily = knobs.dailyLimit();
        synchronized (w) {
            long now = clock.getAsLong();
            roll(w, now, interval);
            if (w.dayCount >= daily) {
                return new Decision(false, seconds(w.dayStart + DAY_MS - now), headers(w, max, interval, daily));
            }
            if (w.burstCount >= max) {
                return new Decision(false, seconds(w.burstStart + interval - now), headers(w, max, interval, daily));
            }
            if (w.burstCount == 0) {
                w.burstStart = now;
            }
            if (w.dayCount == 0) {
                w.dayStart = now;
            }
            w.burstCount++;
            w.dayCount++;
            return new Decision(true, 0, headers(w, max, interval, daily));
        }
    }

    /** The headers for {@code locationId} without counting a request. */
    Map<String, String> peek(String locationId) {
        Windows w = byLocation.computeIfAbsent(locationId, k -> new Windows());
        int max = knobs.limitMax();
        long interval = knobs.limitIntervalMs();
        long daily = knobs.dailyLimit();
        synchronized (w) {
            roll(w, clock.getAsLong(), interval);
            return headers(w, max, interval, daily);
        }
    }

    /** Seconds until the burst window of {@code locationId} ends (for injected 429s), at least 1. */
    long secondsToWindowEnd(String locationId) {
        Windows w = byLocation.computeIfAbsent(locationId, k -> new Windows());
        synchronized (w) {
            long now = clock.getAsLong();
            roll(w, now, knobs.limitIntervalMs());
            return w.burstCount == 0 ? seconds(knobs.limitIntervalMs()) : seconds(w.burstStart + knobs.limitIntervalMs() - now);
        }
    }

    void reset() {
        byLocation.clear();
    }

    private static void roll(Windows w, long now, long interval) {
        if (w.burstCount > 0 && now >= w.burstStart + interval) {
            w.burstCount = 0;
        }
        if (w.dayCount > 0 && now >= w.dayStart + DAY_MS) {
            w.dayCount = 0;
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static Map<String, String> headers(Windows w, int max, long interval, long daily) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-RateLimit-Limit-Daily", String.valueOf(daily));
        h.put("X-RateLimit-Daily-Remaining", String.valueOf(Math.max(0, daily - w.dayCount)));
        h.put("X-RateLimit-Interval-Milliseconds", String.valueOf(interval));
        h.put("X-RateLimit-Max", String.valueOf(max));
        h.put("X-RateLimit-Remaining", String.valueOf(Math.max(0, max - w.burstCount)));
        return h;
    }
}
