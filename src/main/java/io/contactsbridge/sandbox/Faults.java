package io.contactsbridge.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for any simulator: the same knobs, rolls and counts everywhere, so a test or a
 * benchmark injects faults the same way into every stand-in API.
 *
 * <p>Faults answered <b>before</b> a request runs (nothing is written): fail-next-N with a status,
 * timeouts (held, then 504; or held, then run when {@code timeoutsApply}), errors (one of the
 * simulator's error statuses) and 429s. Faults around a running request: {@code latencyMs} before it,
 * slow answers (run, then held: its side effects are out before the answer), and apply-then-fail
 * (run, then answered 500: the case that makes blindly retrying a create produce a duplicate).
 *
 * <p>Every roll comes from one {@link Random}; with {@code seed} set a run draws the same sequence.
 * {@link #injected()} counts what was injected, by kind. A simulator chooses which knobs its
 * {@code _faults} endpoint offers and under which names ({@link FaultsBuilder}); {@link #apply(Map)} checks
 * every value first, so a bad one changes nothing.
 */
public final class Faults {
    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_SLOW_MS = 2_000;

    public static final String FAIL_NEXT = "failNext";
    public static final String TIMEOUT = "timeout";
    public static final String ERROR = "5xx";
    public static final String RATE_LIMIT = "429";
    public static final String SLOW = "slow";
    public static final String APPLY_THEN_FAIL = "applyThenFail";

    /** The knobs; {@link #canonical} is the name used unless a simulator renames it. */
    public enum Knob {
        ERROR_RATE("errorRate"), ERROR_STATUS("errorStatus"), RATE_LIMIT_RATE("rateLimitRate"),
        TIMEOUT_RATE("timeoutRate"), TIMEOUT_MS("timeoutMs"), TIMEOUTS_APPLY("timeoutsApply"),
        SLOW_RATE("slowRate"), SLOW_MS("slowMs"), APPLY_THEN_FAIL_RATE("applyThenFailRate"),
        LATENCY_MS("latencyMs"), FAIL_NEXT_COUNT("failNextCount"), FAIL_NEXT_STATUS("failNextStatus"), SEED("seed"),
        FAIL_AFTER_APPLYING_COUNT("failNextAfterApplying");

        public final String canonical;

        Knob(String canonical) {
            this.canonical = canonical;
        }
    }

    /** An injected fault to answer instead of running the request: its kind (as counted) and status. */
    public record Fault(String kind, int status) {
    }

    private final int[] defaultErrorStatuses;
    private final Map<String, Knob> names;
    private final List<String> countedKinds;
    private volatile FaultSettings settings = new FaultSettings();
    private final AtomicInteger failNextCount = new AtomicInteger();
    private final AtomicInteger failAfterApplyingCount = new AtomicInteger();
    private volatile int failAfterApplyingStatus = 500;
    private Random random = new Random();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

    Faults(int[] defaultErrorStatuses, Map<String, Knob> names, List<String> countedKinds) {
        this.defaultErrorStatuses = defaultErrorStatuses.clone();
        this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        this.countedKinds = List.copyOf(countedKinds);
    }

    /** Which knobs a simulator offers, under which names, and which error statuses it answers. */
    public static FaultsBuilder builder() {
        return new FaultsBuilder();
    }

    // ------------------------------------------------------------------ during a request

    /** Holds the request for {@code latencyMs}. */
    public void delay() {
        sleep(settings.latencyMs);
    }

    /**
     * The fault to answer instead of running the request, or null: fail-next first, then the rolls for
     * timeout, error and 429 in that order. A timeout holds the request here; with {@code timeoutsApply}
     * it then runs (null), answered late.
     */
    public Fault before() {
        int forced = takeFailNext();
        if (forced > 0) {
            count(FAIL_NEXT);
            return new Fault(FAIL_NEXT, forced);
        }
        FaultSettings s = settings;
        if (roll(s.timeoutRate)) {
            count(TIMEOUT);
            sleep(s.timeoutMs);
            return s.timeoutsApply ? null : new Fault(TIMEOUT, 504);
        }
        if (roll(s.errorRate)) {
            count(ERROR);
            return new Fault(ERROR, errorStatus(s));
        }
        if (roll(s.rateLimitRate)) {
            count(RATE_LIMIT);
            return new Fault(RATE_LIMIT, 429);
        }
        return null;
    }

    /** How long to hold the answer of a request that runs (0: not held); counted as "slow". */
    public long slowAnswerMs() {
        FaultSettings s = settings;
        if (roll(s.slowRate)) {
            count(SLOW);
            return s.slowMs;
        }
        return 0;
    }

    /** One roll for apply-then-fail; the caller counts it ({@link #count}) once the request was applied. */
    public boolean rollApplyThenFail() {
        return roll(settings.applyThenFailRate);
    }

    /** One draw against {@code rate}; synchronized so a seeded sequence is shared by every thread. */
    public synchronized boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private int errorStatus(FaultSettings s) {
        if (s.errorStatus != 0) {
            return s.errorStatus;
        }
        if (defaultErrorStatuses.length == 1) {
            return defaultErrorStatuses[0];
        }
        synchronized (this) {
            return defaultErrorStatuses[random.nextInt(defaultErrorStatuses.length)];
        }
    }

    /** A request that ran and succeeded is answered this instead (0: as it is); counted as {@value #ERROR}. */
    public int takeFailAfterApplying() {
        int left = failAfterApplyingCount.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        if (left <= 0) {
            return 0;
        }
        count(ERROR);
        return failAfterApplyingStatus;
    }

    /** The next {@code count} requests run, then are answered {@code status}: the lost answer of an applied create. */
    public synchronized Faults failNextAfterApplying(int count, int status) {
        failAfterApplyingStatus = Knobs.errorStatus("failNextAfterApplying status", status);
        failAfterApplyingCount.set((int) Knobs.nonNegative("failNextAfterApplying", count));
        return this;
    }

    /** Takes one of the "fail the next N" tokens: the status to answer, or 0 when none is left. */
    public int takeFailNext() {
        int left = failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        return left > 0 ? settings.failNextStatus : 0;
    }

    /** Counts one injected fault of {@code kind} (simulators count their own kinds too, e.g. "reject"). */
    public void count(String kind) {
        injected.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many of each kind were injected since the last seed or reset. */
    public Map<String, Integer> injected() {
        Map<String, Integer> m = new LinkedHashMap<>();
        countedKinds.forEach(k -> m.put(k, injected(k)));
        injected.forEach((k, n) -> m.putIfAbsent(k, n.get()));
        return m;
    }

    /** How many faults of {@code kind} were injected. */
    public int injected(String kind) {
        AtomicInteger n = injected.get(kind);
        return n == null ? 0 : n.get();
    }

    public static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ knobs from Java

    public Faults errorRate(double rate) {
        return change(s -> s.errorRate = Knobs.fraction("errorRate", rate));
    }

    /** One status for every error fault (0: the simulator's default statuses). */
    public Faults errorStatus(int status) {
        return change(s -> s.errorStatus = status == 0 ? 0 : Knobs.errorStatus("errorStatus", status));
    }

    public Faults rateLimitRate(double rate) {
        return change(s -> s.rateLimitRate = Knobs.fraction("rateLimitRate", rate));
    }

    public Faults timeoutRate(double rate) {
        return change(s -> s.timeoutRate = Knobs.fraction("timeoutRate", rate));
    }

    public Faults timeoutMs(long ms) {
        return change(s -> s.timeoutMs = Knobs.nonNegative("timeoutMs", ms));
    }

    public Faults timeoutsApply(boolean apply) {
        return change(s -> s.timeoutsApply = apply);
    }

    public Faults slowRate(double rate) {
        return change(s -> s.slowRate = Knobs.fraction("slowRate", rate));
    }

    public Faults slowMs(long ms) {
        return change(s -> s.slowMs = Knobs.nonNegative("slowMs", ms));
    }

    public Faults applyThenFailRate(double rate) {
        return change(s -> s.applyThenFailRate = Knobs.fraction("applyThenFailRate", rate));
    }

    public Faults latencyMs(long ms) {
        return change(s -> s.latencyMs = Knobs.nonNegative("latencyMs", ms));
    }

    /** Deterministic: the next {@code count} requests are answered {@code status} and not run. */
    public synchronized Faults failNext(int count, int status) {
        int checked = Knobs.errorStatus("failNextStatus", status);
        Knobs.nonNegative("failNextCount", count);
        change(s -> s.failNextStatus = checked);
        failNextCount.set(count);
        return this;
    }

    /** Seeds the rolls (0: unseeded) and clears the counts of {@link #injected()}. */
    public synchronized Faults seed(long seed) {
        change(s -> s.seed = seed);
        reseed(seed);
        return this;
    }

    /** Back to no faults; clears the counts. */
    public synchronized Faults reset() {
        settings = new FaultSettings();
        failNextCount.set(0);
        failAfterApplyingCount.set(0);
        failAfterApplyingStatus = 500;
        reseed(0);
        return this;
    }

    private synchronized void reseed(long seed) {
        random = seed == 0 ? new Random() : new Random(seed);
        injected.clear();
    }

    private synchronized Faults change(java.util.function.Consumer<FaultSettings> edit) {
        FaultSettings next = settings.copy();
        edit.accept(next);
        settings = next;
        return this;
    }

    public double errorRate() {
        return settings.errorRate;
    }

    public int errorStatus() {
        return settings.errorStatus != 0 ? settings.errorStatus : defaultErrorStatuses[0];
    }

    public double rateLimitRate() {
        return settings.rateLimitRate;
    }

    public double timeoutRate() {
        return settings.timeoutRate;
    }

    public long timeoutMs() {
        return settings.timeoutMs;
    }

    public boolean timeoutsApply() {
        return settings.timeoutsApply;
    }

    public double applyThenFailRate() {
        return settings.applyThenFailRate;
    }

    public long latencyMs() {
        return settings.latencyMs;
    }

    public int failNextCount() {
        return failNextCount.get();
    }

    public int failNextStatus() {
        return settings.failNextStatus;
    }

    public long seed() {
        return settings.seed;
    }

    // ------------------------------------------------------------------ knobs as JSON (_faults)

    /** The names {@link #apply} accepts (besides {@code reset}), in the order {@link #toMap} lists them. */
    public Set<String> knobNames() {
        return names.keySet();
    }

    /** The offered knobs under their names, then {@code injected}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        names.forEach((name, knob) -> m.put(name, value(knob)));
        m.put("injected", injected());
        return m;
    }

    private Object value(Knob knob) {
        return switch (knob) {
            case FAIL_NEXT_COUNT -> failNextCount();
            case FAIL_AFTER_APPLYING_COUNT -> failAfterApplyingCount.get();
            case ERROR_STATUS -> errorStatus();
            default -> settings.value(knob);
        };
    }

    /**
     * Applies the knobs named in {@code changes} ({@code "reset": true} first restores the defaults).
     * Every value is checked first: an unknown name or a bad value throws IllegalArgumentException and
     * changes nothing.
     */
    public synchronized Faults apply(Map<String, Object> changes) {
        List<String> unknown = new ArrayList<>();
        for (String key : changes.keySet()) {
            if (!key.equals("reset") && !names.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(names.keySet());
            known.add("reset");
            throw new IllegalArgumentException("unknown fault knob '" + unknown.get(0) + "' (known: " + known + ")");
        }
        prepare(changes).commit();
        return this;
    }

    /** A checked change, committed later (so a simulator can check its own knobs before committing both). */
    public interface Change {
        void commit();
    }

    /** Checks the values of the knobs this instance offers in {@code changes}; other keys are left to the caller. */
    public synchronized Change prepare(Map<String, Object> changes) {
        return FaultChanges.prepare(this, settings, names, changes);
    }

    /** Publishes a checked change ({@link FaultChanges}): settings, the two counters when given, the seed. */
    synchronized void commit(FaultSettings next, Integer failNext, Integer failAfterApplying, boolean reset) {
        long oldSeed = settings.seed;
        settings = next;
        if (failNext != null) {
            failNextCount.set(failNext);
        }
        if (failAfterApplying != null) {
            failAfterApplyingCount.set(failAfterApplying);
        }
        if (reset) {
            failAfterApplyingStatus = 500;
        }
        if (reset || next.seed != oldSeed) {
            reseed(next.seed);
        }
    }
}
