package io.contactsbridge.sandbox.highlevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.Faults.Knob;
import io.contactsbridge.sandbox.Knobs;

/**
 * The HighLevel simulator's knobs: the kit's injected faults plus HighLevel's own settings (the
 * limits it enforces, the token lifetime, a slow token endpoint, the reject marker). Settable from
 * Java ({@code simulator.faults().errorRate(0.1)}) and over HTTP ({@code GET|PUT <root>/_faults}, JSON
 * with the field names of {@link #toMap()}; a PUT changes only the fields it names, all or nothing).
 *
 * <p>Injected faults (failNext, timeoutRate, errorRate, rateLimitRate) answer <b>before</b> the
 * operation runs, so nothing is written; {@code applyThenFailRate} applies the operation, then answers
 * 500 — the case that makes blindly retrying a create produce a duplicate (see {@link Faults}).
 * {@code rejectMarker}: a write whose body contains this text is answered 422, every time — a
 * permanent error for chosen records. {@link #injected()} counts what was injected.
 */
public final class HighLevelFaults {
    public static final int DEFAULT_LIMIT_MAX = 100;
    public static final long DEFAULT_LIMIT_INTERVAL_MS = 10_000;
    public static final long DEFAULT_DAILY_LIMIT = 200_000;
    public static final long DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 86_399;
    public static final long DEFAULT_TIMEOUT_MS = Faults.DEFAULT_TIMEOUT_MS;
    static final String REJECT = "reject";

    private static final List<String> OWN = List.of("tokenLatencyMs", "accessTokenTtlSeconds", "limitMax", "limitIntervalMs",
            "dailyLimit", "rejectMarker");

    private final Faults faults = Faults.builder()
            .knobs(Knob.ERROR_RATE, Knob.RATE_LIMIT_RATE, Knob.TIMEOUT_RATE, Knob.TIMEOUT_MS, Knob.TIMEOUTS_APPLY,
                    Knob.APPLY_THEN_FAIL_RATE, Knob.LATENCY_MS, Knob.FAIL_NEXT_COUNT, Knob.FAIL_NEXT_STATUS, Knob.SEED)
            .counted(Faults.ERROR, Faults.RATE_LIMIT, Faults.TIMEOUT, REJECT, Faults.APPLY_THEN_FAIL, Faults.FAIL_NEXT)
            .build();
    private volatile Own own = new Own();

    /** HighLevel's own settings; replaced whole on a change, like the kit's. */
    private static final class Own implements Cloneable {
        long tokenLatencyMs;
        long accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
        int limitMax = DEFAULT_LIMIT_MAX;
        long limitIntervalMs = DEFAULT_LIMIT_INTERVAL_MS;
        long dailyLimit = DEFAULT_DAILY_LIMIT;
        String rejectMarker;

        Own copy() {
            try {
                return (Own) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        void set(Map.Entry<String, Object> e) {
            String k = e.getKey();
            switch (k) {
                case "tokenLatencyMs" -> tokenLatencyMs = Knobs.nonNegative(k, Knobs.number(e).longValue());
                case "accessTokenTtlSeconds" -> accessTokenTtlSeconds = Knobs.positive(k, Knobs.number(e).longValue());
                case "limitMax" -> limitMax = (int) Knobs.positive(k, Knobs.number(e).intValue());
                case "limitIntervalMs" -> limitIntervalMs = Knobs.positive(k, Knobs.number(e).longValue());
                case "dailyLimit" -> dailyLimit = Knobs.positive(k, Knobs.number(e).longValue());
                case "rejectMarker" -> {
                    if (e.getValue() != null && !(e.getValue() instanceof String)) {
                        throw new IllegalArgumentException("rejectMarker must be a string or null, got " + e.getValue());
                    }
                    String marker = (String) e.getValue();
                    rejectMarker = marker == null || marker.isEmpty() ? null : marker;
                }
                default -> throw new IllegalArgumentException("unknown fault knob '" + k + "'");
            }
        }
    }

    /** The kit's fault injection behind these knobs (the simulator rolls and counts with it). */
    Faults shared() {
        return faults;
    }

    /** Back to no faults and the real service's limits. */
    public synchronized HighLevelFaults reset() {
        faults.reset();
        own = new Own();
        return this;
    }

    /** Fraction (0..1) of requests answered 500/502/503 without running them. */
    public HighLevelFaults errorRate(double rate) {
        faults.errorRate(rate);
        return this;
    }

    /** Fraction of requests answered 429 (with Retry-After) on top of the real limiter. */
    public HighLevelFaults rateLimitRate(double rate) {
        faults.rateLimitRate(rate);
        return this;
    }

    /** Fraction of requests held {@link #timeoutMs(long)} (default 30 s), then answered 504 (see {@link #timeoutsApply(boolean)}). */
    public HighLevelFaults timeoutRate(double rate) {
        faults.timeoutRate(rate);
        return this;
    }

    /**
     * false (default): a timeout fault holds the request, then answers 504 without running it (a
     * gateway gave up). true: after the hold the request runs and is answered late, as a slow server
     * does — a client that gave up before cannot know its write was applied.
     */
    public HighLevelFaults timeoutsApply(boolean apply) {
        faults.timeoutsApply(apply);
        return this;
    }

    /** Fraction of requests that ARE applied (and fire webhooks) but are answered 500. */
    public HighLevelFaults applyThenFailRate(double rate) {
        faults.applyThenFailRate(rate);
        return this;
    }

    /** Extra delay before every API request is answered. */
    public HighLevelFaults latencyMs(long ms) {
        faults.latencyMs(ms);
        return this;
    }

    /** How long a timeout fault holds the request before answering 504. */
    public HighLevelFaults timeoutMs(long ms) {
        faults.timeoutMs(ms);
        return this;
    }

    /** Deterministic: the next {@code count} API requests are answered {@code status} and not run. */
    public HighLevelFaults failNext(int count, int status) {
        faults.failNext(count, status);
        return this;
    }

    /** Seeds the rolls of the rate faults (0: unseeded); also clears the counts of {@link #injected()}. */
    public HighLevelFaults seed(long seed) {
        faults.seed(seed);
        return this;
    }

    /**
     * Delay of {@code POST /oauth/token} after it issued the new pair (the old refresh token is spent
     * by then): a slow authorization server, which a client must wait for or lose the new pair.
     */
    public HighLevelFaults tokenLatencyMs(long ms) {
        return change(Map.entry("tokenLatencyMs", ms));
    }

    /** Lifetime of access tokens issued from now on by {@code POST /oauth/token}. */
    public HighLevelFaults accessTokenTtlSeconds(long seconds) {
        return change(Map.entry("accessTokenTtlSeconds", seconds));
    }

    /** Burst limit: requests per window per location ({@code X-RateLimit-Max}). */
    public HighLevelFaults limitMax(int max) {
        return change(Map.entry("limitMax", max));
    }

    /** Burst window length ({@code X-RateLimit-Interval-Milliseconds}). */
    public HighLevelFaults limitIntervalMs(long ms) {
        return change(Map.entry("limitIntervalMs", ms));
    }

    /** Requests per day per location ({@code X-RateLimit-Limit-Daily}). */
    public HighLevelFaults dailyLimit(long limit) {
        return change(Map.entry("dailyLimit", limit));
    }

    /** Writes whose JSON body contains {@code marker} are answered 422 (null: none). */
    public HighLevelFaults rejectMarker(String marker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rejectMarker", marker);
        return change(m.entrySet().iterator().next());
    }

    private synchronized HighLevelFaults change(Map.Entry<String, Object> e) {
        Own next = own.copy();
        next.set(e);
        own = next;
        return this;
    }

    public double errorRate() {
        return faults.errorRate();
    }

    public double rateLimitRate() {
        return faults.rateLimitRate();
    }

    public double timeoutRate() {
        return faults.timeoutRate();
    }

    public boolean timeoutsApply() {
        return faults.timeoutsApply();
    }

    public double applyThenFailRate() {
        return faults.applyThenFailRate();
    }

    public long latencyMs() {
        return faults.latencyMs();
    }

    public long timeoutMs() {
        return faults.timeoutMs();
    }

    public int failNextCount() {
        return faults.failNextCount();
    }

    public int failNextStatus() {
        return faults.failNextStatus();
    }

    public long seed() {
        return faults.seed();
    }

    public long tokenLatencyMs() {
        return own.tokenLatencyMs;
    }

    public long accessTokenTtlSeconds() {
        return own.accessTokenTtlSeconds;
    }

    public int limitMax() {
        return own.limitMax;
    }

    public long limitIntervalMs() {
        return own.limitIntervalMs;
    }

    public long dailyLimit() {
        return own.dailyLimit;
    }

    public String rejectMarker() {
        return own.rejectMarker;
    }

    /** How many of each fault were injected: 5xx, 429, timeout, reject, applyThenFail, failNext. */
    public Map<String, Integer> injected() {
        return faults.injected();
    }

    /** The knobs as JSON-ready fields (the names {@code PUT _faults} accepts), then {@code injected}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(faults.toMap());
        Object injected = m.remove("injected");
        Own o = own;
        m.put("tokenLatencyMs", o.tokenLatencyMs);
        m.put("accessTokenTtlSeconds", o.accessTokenTtlSeconds);
        m.put("limitMax", o.limitMax);
        m.put("limitIntervalMs", o.limitIntervalMs);
        m.put("dailyLimit", o.dailyLimit);
        m.put("rejectMarker", o.rejectMarker);
        m.put("injected", injected);
        return m;
    }

    /**
     * Applies the fields present in {@code changes}, all checked first: an unknown field or a bad value
     * throws IllegalArgumentException and changes nothing. {@code "reset": true} first restores the defaults.
     */
    public synchronized HighLevelFaults apply(Map<String, Object> changes) {
        List<String> known = new ArrayList<>(faults.knobNames());
        known.addAll(OWN);
        known.add("reset");
        for (String key : changes.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown fault knob '" + key + "' (known: " + known + ")");
            }
        }
        Faults.Change shared = faults.prepare(changes);
        Own next = Boolean.TRUE.equals(changes.get("reset")) ? new Own() : own.copy();
        changes.entrySet().stream().filter(e -> OWN.contains(e.getKey())).forEach(next::set);
        shared.commit();
        own = next;
        return this;
    }
}
