package io.contactsbridge.sandbox.toggl;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.sandbox.LeakyBucket;
import io.contactsbridge.sandbox.RateLimiter;
import io.contactsbridge.sandbox.RateLimiter.Window;

/**
 * Toggl's two limits as the simulator enforces them (kit {@link RateLimiter} and {@link LeakyBucket}):
 * the sliding 60-minute quota (per user per organization for org-scoped calls, 30/h for user-scoped
 * {@code /me} calls; 402 when spent) and the technical leaky bucket (429 when a burst overflows it,
 * about 1 request/second). Knobs at {@code <root>/_limits}.
 */
final class TogglLimits {
    static final long WINDOW_MILLIS = 3_600_000L;
    private static final String QUOTA = "quota";
    private static final String KEY = "sandbox-user";

    /** Plan name -> requests per hour for org-scoped calls. */
    static int planQuota(String plan) {
        return switch (plan == null ? "free" : plan.toLowerCase(Locale.ROOT)) {
            case "starter" -> 240;
            case "premium" -> 600;
            case "enterprise" -> 6000;
            default -> 30;
        };
    }

    private volatile Clock clock;
    private volatile String plan = "free";
    private volatile int orgQuota = 30;
    private volatile int userQuota = 30;
    private volatile boolean quotaEnabled = true;
    private volatile double leakPerSecond = 1.0;
    private volatile int burst = 10;
    private volatile boolean rateLimitEnabled = true;

    private final RateLimiter orgCalls = new RateLimiter(this::millis,
            Window.sliding(QUOTA, () -> orgQuota, () -> WINDOW_MILLIS, () -> quotaEnabled));
    private final RateLimiter userCalls = new RateLimiter(this::millis,
            Window.sliding(QUOTA, () -> userQuota, () -> WINDOW_MILLIS, () -> quotaEnabled));
    private final LeakyBucket bucket;

    TogglLimits(Clock clock) {
        this.clock = clock;
        this.bucket = new LeakyBucket(this::millis, () -> leakPerSecond, () -> burst);
    }

    private long millis() {
        return clock.millis();
    }

    void clock(Clock clock) {
        this.clock = clock;
        bucket.restartClock();
    }

    Clock clock() {
        return clock;
    }

    /** What the quota check says about one request. */
    record Verdict(boolean allowed, long remaining, long resetsInSeconds) {
    }

    /** Leaky bucket: 0 when the request fits, else the seconds to wait. */
    long rateLimitWaitSeconds() {
        return rateLimitEnabled ? bucket.acquire() : 0;
    }

    /** Counts one request against its quota when there is room ({@code consume}), or only reads the quota. */
    Verdict quota(boolean userScoped, boolean consume) {
        RateLimiter calls = userScoped ? userCalls : orgCalls;
        RateLimiter.Decision d = consume ? calls.acquire(KEY) : calls.peek(KEY);
        RateLimiter.Usage u = d.usage(QUOTA);
        return new Verdict(d.allowed(), u.remaining(), u.resetsInSeconds());
    }

    void plan(String plan) {
        this.plan = plan == null ? "free" : plan.toLowerCase(Locale.ROOT);
        this.orgQuota = planQuota(this.plan);
    }

    String plan() {
        return plan;
    }

    /** Applies the knobs present (same names as {@link #describe()}); a wrong type is a ClassCastException. */
    synchronized void configure(Map<String, Object> knobs) {
        if (knobs.containsKey("plan")) {
            plan(String.valueOf(knobs.get("plan")));
        }
        if (knobs.containsKey("quotaPerHour")) {
            orgQuota = ((Number) knobs.get("quotaPerHour")).intValue();
        }
        if (knobs.containsKey("userQuotaPerHour")) {
            userQuota = ((Number) knobs.get("userQuotaPerHour")).intValue();
        }
        if (knobs.containsKey("quotaEnabled")) {
            quotaEnabled = (Boolean) knobs.get("quotaEnabled");
        }
        if (knobs.containsKey("requestsPerSecond")) {
            leakPerSecond = ((Number) knobs.get("requestsPerSecond")).doubleValue();
        }
        if (knobs.containsKey("burst")) {
            burst = ((Number) knobs.get("burst")).intValue();
        }
        if (knobs.containsKey("rateLimitEnabled")) {
            rateLimitEnabled = (Boolean) knobs.get("rateLimitEnabled");
        }
    }

    /** Forgets every counted call (the quota windows and the bucket start empty). */
    void resetUsage() {
        orgCalls.reset();
        userCalls.reset();
        bucket.reset();
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan);
        m.put("quotaPerHour", orgQuota);
        m.put("userQuotaPerHour", userQuota);
        m.put("quotaEnabled", quotaEnabled);
        m.put("requestsPerSecond", leakPerSecond);
        m.put("burst", burst);
        m.put("rateLimitEnabled", rateLimitEnabled);
        m.put("orgCallsInWindow", orgCalls.peek(KEY).usage(QUOTA).used());
        m.put("userCallsInWindow", userCalls.peek(KEY).usage(QUOTA).used());
        return m;
    }
}
