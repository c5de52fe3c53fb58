package io.contactsbridge.sandbox.toggl;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Toggl's two limits as the simulator enforces them: the sliding 60-minute quota (per user per
 * organization for org-scoped calls, 30/h for user-scoped {@code /me} calls; 402 when spent) and
 * the technical leaky bucket (429 when a burst overflows it, about 1 request/second).
 */
final class TogglLimits {
    static final long WINDOW_MILLIS = 3_600_000L;

    /** Plan name -> requests per hour for org-scoped calls. */
    static int planQuota(String plan) {
        return switch (plan == null ? "free" : plan.toLowerCase(Locale.ROOT)) {
            case "starter" -> 240;
            case "premium" -> 600;
            case "enterprise" -> 6000;
            default -> 30;
        };
    }

    private Clock clock;
    private String plan = "free";
    private int orgQuota = 30;
    private int userQuota = 30;
    private boolean quotaEnabled = true;
    private double leakPerSecond = 1.0;
    private int burst = 10;
    private boolean rateLimitEnabled = true;

    private final Deque<Long> orgCalls = new ArrayDeque<>();
    private final Deque<Long> userCalls = new ArrayDeque<>();
    private double bucketLevel;
    private long lastLeakMillis;

    TogglLimits(Clock clock) {
        this.clock = clock;
        this.lastLeakMillis = clock.millis();
    }

    synchronized void clock(Clock clock) {
        this.clock = clock;
        this.lastLeakMillis = clock.millis();
    }

    synchronized Clock clock() {
        return clock;
    }

    /** What the quota check says about one request. */
    record Verdict(boolean allowed, int remaining, long resetsInSeconds) {
    }

    /** Leaky bucket: true when the request fits, else the seconds to wait. */
    synchronized long rateLimitWaitSeconds() {
        if (!rateLimitEnabled) {
            return 0;
        }
        long now = clock.millis();
        bucketLevel = Math.max(0, bucketLevel - (now - lastLeakMillis) / 1000.0 * leakPerSecond);
        lastLeakMillis = now;
        if (bucketLevel + 1 > burst) {
            return Math.max(1, (long) Math.ceil((bucketLevel + 1 - burst) / leakPerSecond));
        }
        bucketLevel += 1;
        return 0;
    }

    /** Counts one request against its quota when there is room (consume=true). */
    synchronized Verdict quota(boolean userScoped, boolean consume) {
        Deque<Long> calls = userScoped ? userCalls : orgCalls;
        int limit = userScoped ? userQuota : orgQuota;
        long now = clock.millis();
        while (!calls.isEmpty() && calls.peekFirst() <= now - WINDOW_MILLIS) {
            calls.pollFirst();
        }
        if (!quotaEnabled) {
            return new Verdict(true, limit, resetsIn(calls, now));
        }
        if (calls.size() >= limit) {
            return new Verdict(false, 0, resetsIn(calls, now));
        }
        if (consume) {
            calls.addLast(now);
        }
        return new Verdict(true, limit - calls.size(), resetsIn(calls, now));
    }

    private static long resetsIn(Deque<Long> calls, long now) {
        if (calls.isEmpty()) {
            return WINDOW_MILLIS / 1000;
        }
        // the oldest call in the window leaves it first
        return Math.max(1, (long) Math.ceil((calls.peekFirst() + WINDOW_MILLIS - now) / 1000.0));
    }

    synchronized void plan(String plan) {
        this.plan = plan == null ? "free" : plan.toLowerCase(Locale.ROOT);
        this.orgQuota = planQuota(this.plan);
    }

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
    synchronized void resetUsage() {
        orgCalls.clear();
        userCalls.clear();
        bucketLevel = 0;
        lastLeakMillis = clock.millis();
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan);
        m.put("quotaPerHour", orgQuota);
        m.put("userQuotaPerHour", userQuota);
        m.put("quotaEnabled", quotaEnabled);
        m.put("requestsPerSecond", leakPerSecond);
        m.put("burst", burst);
        m.put("rateLimitEnabled", rateLimitEnabled);
        m.put("orgCallsInWindow", orgCalls.size());
        m.put("userCallsInWindow", userCalls.size());
        return m;
    }
}
