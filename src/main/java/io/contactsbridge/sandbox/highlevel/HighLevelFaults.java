package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's knobs: injected faults and the limits it enforces. Settable from Java
 * ({@code simulator.faults().errorRate(0.1)}) and over HTTP ({@code GET|PUT <root>/_faults}, JSON with
 * the field names of {@link #toMap()}; a PUT changes only the fields it names).
 *
 * <p>Injected faults (failNext, timeoutRate, errorRate, rateLimitRate) answer <b>before</b> the
 * operation runs, so nothing is written. {@code applyThenFailRate} is the exception on purpose: the
 * operation is applied, then the answer is replaced by a 500 — the case that makes blindly retrying
 * a create produce a duplicate.
 *
 * <p>The rolls come from one {@link Random}: with {@code seed} set, a run draws the same sequence
 * (reproducible faults). {@code rejectMarker}: a write whose body contains this text is answered 422,
 * every time — a permanent error for chosen records. {@link #injected()} counts what was injected.
 */
public final class HighLevelFaults {
    public static final int DEFAULT_LIMIT_MAX = 100;
    public static final long DEFAULT_LIMIT_INTERVAL_MS = 10_000;
    public static final long DEFAULT_DAILY_LIMIT = 200_000;
    public static final long DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 86_399;
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    private volatile double errorRate;
    private volatile double rateLimitRate;
    private volatile double timeoutRate;
    private volatile double applyThenFailRate;
    private volatile long latencyMs;
    private volatile long tokenLatencyMs;
    private volatile long timeoutMs = DEFAULT_TIMEOUT_MS;
    private volatile boolean timeoutsApply;
    private volatile long accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
    private volatile int limitMax = DEFAULT_LIMIT_MAX;
    private volatile long limitIntervalMs = DEFAULT_LIMIT_INTERVAL_MS;
    private volatile long dailyLimit = DEFAULT_DAILY_LIMIT;
    private final AtomicInteger failNextCount = new AtomicInteger();
    private volatile int failNextStatus = 500;
    private volatile String rejectMarker;
    private volatile long seed;
    private volatile Random random = new Random();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

    /** Back to no faults and the real service's limits (the field initialisers above). */
    public synchronized HighLevelFaults reset() {
        copyFrom(new HighLevelFaults());
        random = new Random();
        injected.clear();
        return this;
    }

    /** Fraction (0..1) of requests answered 500/502/503 without running them. */
    public HighLevelFaults errorRate(double rate) {
        this.errorRate = fraction("errorRate", rate);
        return this;
    }

    /** Fraction of requests answered 429 (with Retry-After) on top of the real limiter. */
    public HighLevelFaults rateLimitRate(double rate) {
        this.rateLimitRate = fraction("rateLimitRate", rate);
        return this;
    }

    /** Fraction of requests held {@link #timeoutMs(long)} (default 30 s), then answered 504 (see {@link #timeoutsApply(boolean)}). */
    public HighLevelFaults timeoutRate(double rate) {
        this.timeoutRate = fraction("timeoutRate", rate);
        return this;
    }

    /**
     * false (default): a timeout fault holds the request, then answers 504 without running it (a
     * gateway gave up). true: after the hold the request runs and is answered late, as a slow server
     * does — a client that gave up before cannot know its write was applied.
     */
    public HighLevelFaults timeoutsApply(boolean apply) {
        this.timeoutsApply = apply;
        return this;
    }

    public boolean timeoutsApply() {
        return timeoutsApply;
    }

    /** Fraction of requests that ARE applied (and fire webhooks) but are answered 500. */
    public HighLevelFaults applyThenFailRate(double rate) {
        this.applyThenFailRate = fraction("applyThenFailRate", rate);
        return this;
    }

    /** Extra delay before every API request is answered. */
    public HighLevelFaults latencyMs(long ms) {
        this.latencyMs = nonNegative("latencyMs", ms);
        return this;
    }

    /**
     * Delay of {@code POST /oauth/token} after it issued the new pair (the old refresh token is spent
     * by then): a slow authorization server, which a client must wait for or lose the new pair.
     */
    public HighLevelFaults tokenLatencyMs(long ms) {
        this.tokenLatencyMs = nonNegative("tokenLatencyMs", ms);
        return this;
    }

    public long tokenLatencyMs() {
        return tokenLatencyMs;
    }

    /** How long a timeout fault holds the request before answering 504. */
    public HighLevelFaults timeoutMs(long ms) {
        this.timeoutMs = nonNegative("timeoutMs", ms);
        return this;
    }

    /** Lifetime of access tokens issued from now on by {@code POST /oauth/token}. */
    public HighLevelFaults accessTokenTtlSeconds(long seconds) {
        this.accessTokenTtlSeconds = positive("accessTokenTtlSeconds", seconds);
        return this;
    }

    /** Burst limit: requests per window per location ({@code X-RateLimit-Max}). */
    public HighLevelFaults limitMax(int max) {
        this.limitMax = (int) positive("limitMax", max);
        return this;
    }

    /** Burst window length ({@code X-RateLimit-Interval-Milliseconds}). */
    public HighLevelFaults limitIntervalMs(long ms) {
        this.limitIntervalMs = positive("limitIntervalMs", ms);
        return this;
    }

    /** Requests per day per location ({@code X-RateLimit-Limit-Daily}). */
    public HighLevelFaults dailyLimit(long limit) {
        this.dailyLimit = positive("dailyLimit", limit);
        return this;
    }

    /** Deterministic: the next {@code count} API requests are answered {@code status} and not run. */
    public HighLevelFaults failNext(int count, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failNextStatus must be an HTTP error status (400-599), got " + status);
        }
        this.failNextStatus = status;
        this.failNextCount.set((int) nonNegative("failNextCount", count));
        return this;
    }

    /** Seeds the rolls of the rate faults (0: unseeded); also clears the counts of {@link #injected()}. */
    public synchronized HighLevelFaults seed(long seed) {
        this.seed = seed;
        this.random = seed == 0 ? new Random() : new Random(seed);
        injected.clear();
        return this;
    }

    /** Writes whose JSON body contains {@code marker} are answered 422 (null: none). */
    public HighLevelFaults rejectMarker(String marker) {
        this.rejectMarker = marker == null || marker.isEmpty() ? null : marker;
        return this;
    }

    public long seed() {
        return seed;
    }

    public String rejectMarker() {
        return rejectMarker;
    }

    /** How many of each fault were injected: 5xx, 429, timeout, reject, applyThenFail, failNext. */
    public Map<String, Integer> injected() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : List.of("5xx", "429", "timeout", "reject", "applyThenFail", "failNext")) {
            AtomicInteger n = injected.get(k);
            m.put(k, n == null ? 0 : n.get());
        }
        return m;
    }

    void count(String fault) {
        injected.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
    }

    public double errorRate() {
        return errorRate;
    }

    public double rateLimitRate() {
        return rateLimitRate;
    }

    public double timeoutRate() {
        return timeoutRate;
    }

    public double applyThenFailRate() {
        return applyThenFailRate;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public long accessTokenTtlSeconds() {
        return accessTokenTtlSeconds;
    }

    public int limitMax() {
        return limitMax;
    }

    public long limitIntervalMs() {
        return limitIntervalMs;
    }

    public long dailyLimit() {
        return dailyLimit;
    }

    public int failNextCount() {
        return failNextCount.get();
    }

    public int failNextStatus() {
        return failNextStatus;
    }

    /** Takes one of the "fail the next N" tokens; the status to answer, or 0 when none is left. */
    int takeFailNext() {
        int left = failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        return left > 0 ? failNextStatus : 0;
    }

    /** One draw against {@code rate}; synchronized so a seeded sequence is shared by every thread. */
    synchronized boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    synchronized int pick(int bound) {
        return random.nextInt(bound);
    }

    /** The knobs as JSON-ready fields (the names {@code PUT _faults} accepts). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorRate", errorRate);
        m.put("rateLimitRate", rateLimitRate);
        m.put("timeoutRate", timeoutRate);
        m.put("timeoutMs", timeoutMs);
        m.put("timeoutsApply", timeoutsApply);
        m.put("applyThenFailRate", applyThenFailRate);
        m.put("latencyMs", latencyMs);
        m.put("tokenLatencyMs", tokenLatencyMs);
        m.put("accessTokenTtlSeconds", accessTokenTtlSeconds);
        m.put("limitMax", limitMax);
        m.put("limitIntervalMs", limitIntervalMs);
        m.put("dailyLimit", dailyLimit);
        m.put("failNextCount", failNextCount.get());
        m.put("failNextStatus", failNextStatus);
        m.put("rejectMarker", rejectMarker);
        m.put("seed", seed);
        m.put("injected", injected());
        return m;
    }

    static final List<String> FIELDS = List.of("errorRate", "rateLimitRate", "timeoutRate", "timeoutMs", "timeoutsApply",
            "applyThenFailRate", "latencyMs", "tokenLatencyMs", "accessTokenTtlSeconds", "limitMax", "limitIntervalMs", "dailyLimit",
            "failNextCount", "failNextStatus", "rejectMarker", "seed", "reset");

    /**
     * Applies the fields present in {@code changes} (all checked first: a bad value changes nothing).
     * {@code "reset": true} first restores the defaults.
     */
    public synchronized HighLevelFaults apply(Map<String, Object> changes) {
        for (String key : changes.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown fault knob '" + key + "' (known: " + FIELDS + ")");
            }
        }
        // validate on a scratch copy so a bad value leaves the live knobs untouched
        HighLevelFaults scratch = new HighLevelFaults();
        scratch.copyFrom(this);
        scratch.applyUnchecked(changes);
        copyFrom(scratch);
        return this;
    }

    private void applyUnchecked(Map<String, Object> c) {
        if (Boolean.TRUE.equals(c.get("reset"))) {
            reset();
        }
        if (c.containsKey("errorRate")) errorRate(number(c, "errorRate").doubleValue());
        if (c.containsKey("rateLimitRate")) rateLimitRate(number(c, "rateLimitRate").doubleValue());
        if (c.containsKey("timeoutRate")) timeoutRate(number(c, "timeoutRate").doubleValue());
        if (c.containsKey("timeoutMs")) timeoutMs(number(c, "timeoutMs").longValue());
        if (c.containsKey("timeoutsApply")) {
            if (!(c.get("timeoutsApply") instanceof Boolean b)) {
                throw new IllegalArgumentException("timeoutsApply must be true or false, got " + c.get("timeoutsApply"));
            }
            timeoutsApply(b);
        }
        if (c.containsKey("applyThenFailRate")) applyThenFailRate(number(c, "applyThenFailRate").doubleValue());
        if (c.containsKey("latencyMs")) latencyMs(number(c, "latencyMs").longValue());
        if (c.containsKey("tokenLatencyMs")) tokenLatencyMs(number(c, "tokenLatencyMs").longValue());
        if (c.containsKey("accessTokenTtlSeconds")) accessTokenTtlSeconds(number(c, "accessTokenTtlSeconds").longValue());
        if (c.containsKey("limitMax")) limitMax(number(c, "limitMax").intValue());
        if (c.containsKey("limitIntervalMs")) limitIntervalMs(number(c, "limitIntervalMs").longValue());
        if (c.containsKey("dailyLimit")) dailyLimit(number(c, "dailyLimit").longValue());
        if (c.containsKey("failNextCount") || c.containsKey("failNextStatus")) {
            int status = c.containsKey("failNextStatus") ? number(c, "failNextStatus").intValue() : failNextStatus;
            int count = c.containsKey("failNextCount") ? number(c, "failNextCount").intValue() : failNextCount.get();
            failNext(count, status);
        }
        if (c.containsKey("rejectMarker")) {
            Object marker = c.get("rejectMarker");
            if (marker != null && !(marker instanceof String)) {
                throw new IllegalArgumentException("rejectMarker must be a string or null, got " + marker);
            }
            rejectMarker((String) marker);
        }
        if (c.containsKey("seed")) seed(number(c, "seed").longValue());
    }

    private void copyFrom(HighLevelFaults o) {
        errorRate = o.errorRate;
        rateLimitRate = o.rateLimitRate;
        timeoutRate = o.timeoutRate;
        timeoutMs = o.timeoutMs;
        timeoutsApply = o.timeoutsApply;
        applyThenFailRate = o.applyThenFailRate;
        latencyMs = o.latencyMs;
        tokenLatencyMs = o.tokenLatencyMs;
        accessTokenTtlSeconds = o.accessTokenTtlSeconds;
        limitMax = o.limitMax;
        limitIntervalMs = o.limitIntervalMs;
        dailyLimit = o.dailyLimit;
        failNextCount.set(o.failNextCount.get());
        failNextStatus = o.failNextStatus;
        rejectMarker = o.rejectMarker;
        if (seed != o.seed) {
            seed = o.seed;
            random = o.random;
            injected.clear();
        }
    }

    private static Number number(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(key + " must be a number, got " + v);
    }

    private static double fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + v);
        }
        return v;
    }

    private static long nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + v);
        }
        return v;
    }

    private static long positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }
}
