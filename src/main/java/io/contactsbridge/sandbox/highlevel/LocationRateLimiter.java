package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.contactsbridge.sandbox.RateLimiter;
import io.contactsbridge.sandbox.RateLimiter.Window;

/**
 * HighLevel's two quotas per location on the kit {@link RateLimiter}: a burst limit ({@code limitMax}
 * requests per {@code limitIntervalMs}, default 100 per 10 s) and a daily limit (default 200,000), both
 * fixed windows aligned to the first request. A refused request (429) does not count and opens no
 * window, so the most a client achieves over a long run is {@code limitMax} per {@code limitIntervalMs}
 * (a benchmark measures its achieved rate against this).
 *
 * <p>Headers on every answer: {@code X-RateLimit-Remaining} is what is left in the current burst window
 * ({@code limitMax} when none is open), {@code X-RateLimit-Daily-Remaining} likewise per day. A 429
 * carries {@code Retry-After} = whole seconds (rounded up, at least 1) until the refusing window ends.
 */
final class LocationRateLimiter {
    static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final String DAILY = "daily";
    private static final String BURST = "burst";

    /** The outcome of one request: accepted or not, and the header values to send. */
    record Decision(boolean allowed, long retryAfterSeconds, Map<String, String> headers) {
    }

    private final RateLimiter limiter;

    LocationRateLimiter(HighLevelFaults knobs, LongSupplier clock) {
        // the daily window is checked first: when both are full, the day decides the Retry-After
        limiter = new RateLimiter(clock, Window.fixed(DAILY, knobs::dailyLimit, () -> DAY_MS),
                Window.fixed(BURST, knobs::limitMax, knobs::limitIntervalMs));
    }

    /** Counts one request for {@code locationId} if both quotas allow it. */
    Decision acquire(String locationId) {
        RateLimiter.Decision d = limiter.acquire(locationId);
        return new Decision(d.allowed(), d.retryAfterSeconds(), headers(d));
    }

    /** The headers for {@code locationId} without counting a request. */
    Map<String, String> peek(String locationId) {
        return headers(limiter.peek(locationId));
    }

    /** Seconds until the burst window of {@code locationId} ends (for injected 429s), at least 1. */
    long secondsToWindowEnd(String locationId) {
        return limiter.peek(locationId).usage(BURST).resetsInSeconds();
    }

    void reset() {
        limiter.reset();
    }

    private static Map<String, String> headers(RateLimiter.Decision d) {
        RateLimiter.Usage daily = d.usage(DAILY);
        RateLimiter.Usage burst = d.usage(BURST);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-RateLimit-Limit-Daily", String.valueOf(daily.max()));
        h.put("X-RateLimit-Daily-Remaining", String.valueOf(daily.remaining()));
        h.put("X-RateLimit-Interval-Milliseconds", String.valueOf(burst.lengthMs()));
        h.put("X-RateLimit-Max", String.valueOf(burst.max()));
        h.put("X-RateLimit-Remaining", String.valueOf(burst.remaining()));
        return h;
    }
}
