package io.contactsbridge.toggl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.RetryAfter;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.QuotaGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Toggl told us about its quotas ({@code X-Toggl-Quota-Remaining}, {@code X-Toggl-Quota-Resets-In},
 * tracked separately for user-scoped {@code /me} calls and org-scoped calls) and whether calls are
 * paused. A 402 pauses every Toggl call until the reset; a scope known to be at 0 is not called
 * until its reset either. Bound in the registry as {@value #BEAN} for the status page; exported as
 * gauges {@code toggl_quota_remaining{scope}}, {@code toggl_quota_paused}, {@code toggl_quota_paused_seconds}.
 * As the {@link QuotaGate} of the Toggl operation routes it sees every request; a 429 (Toggl's
 * leaky bucket) holds the next calls for its Retry-After (1 s when it names none).
 *
 * <p>One budget: the gate also keeps its own log of the calls of the last hour per scope, by who made
 * them ({@link #POLL}, {@link #LOOKUPS} of the flows, {@link #FLOWS}' writes, {@link #OTHER}), shown in the
 * status data. A call that would go past the plan's hourly quota is not sent: it is refused with the time
 * until the oldest call leaves the window ({@link QuotaExhausted}, so the inbox tries the change again
 * then instead of failing), and the last {@value #POLL_RESERVE} calls of the hour are kept for the poll,
 * which heals what waited.
 */
public class TogglQuota implements QuotaGate {
    private static final Logger LOG = LoggerFactory.getLogger(TogglQuota.class);
    public static final String BEAN = "togglQuota";
    static final String QUOTA_REMAINING = "X-Toggl-Quota-Remaining";
    static final String QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In";
    /** Pause when a 402 comes without a reset time: Toggl's window is one hour, try again well before. */
    static final long DEFAULT_PAUSE_SECONDS = 300;
    /** Hold after a 429 without Retry-After: Toggl's leaky bucket drains about one request per second. */
    static final long DEFAULT_HOLD_MILLIS = 1000;

    public enum Scope { USER, ORG }

    /** Who spends the quota (status data): the poll, the flows' look-ups, the flows' writes, anything else. */
    public static final String POLL = "poll";
    public static final String LOOKUPS = "lookups";
    public static final String FLOWS = "flows";
    public static final String OTHER = "other";
    /** Calls of each hour only the poll may make (when the plan allows more than twice as many). */
    static final int POLL_RESERVE = 4;
    /** Toggl's quota for user-scoped ({@code /me}) calls on every plan. */
    static final int USER_QUOTA = 30;
    private static final ThreadLocal<String> SPENDER = new ThreadLocal<>();
    private final Map<Scope, ArrayDeque<Spent>> hour = new EnumMap<>(Scope.class);
    private final Map<String, AtomicLong> spentTotal = new ConcurrentHashMap<>();

    private record Spent(Instant at, String by) {
    }

    /** Runs {@code calls} with their Toggl calls counted for {@code who}. */
    public static <T> T spending(String who, Supplier<T> calls) {
        String before = SPENDER.get();
        SPENDER.set(who);
        try {
            return calls.get();
        } finally {
            SPENDER.set(before);
        }
    }

    private final int planQuota;
    private final long maxHoldMillis;
    private volatile Clock clock;
    private final Map<Scope, ScopeState> scopes = new LinkedHashMap<>();
    private volatile Instant pausedUntil = Instant.EPOCH;
    /**
     * Until when (System.nanoTime) a 429 holds the next calls: seconds-long, so measured on the
     * monotonic clock, not on the quota's clock (which tests move by hours and hold still between).
     */
    private final AtomicLong heldUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong quotaExhausted = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    private static final class ScopeState {
        volatile int remaining = -1; // unknown until Toggl tells us
        volatile Instant resetsAt = Instant.EPOCH;
    }

    /**
     * @param maxHoldMillis the longest a call waits in its thread for a 429's hold to end; a longer
     *                      hold refuses the call at once ({@link RateLimited} with the time left)
     */
    public TogglQuota(int planQuota, long maxHoldMillis, Clock clock) {
        this.planQuota = planQuota;
        this.maxHoldMillis = maxHoldMillis;
        this.clock = clock;
        for (Scope s : Scope.values()) {
            scopes.put(s, new ScopeState());
            hour.put(s, new ArrayDeque<>());
        }
    }

    public static Scope scopeOf(String path) {
        return path.startsWith("/me") ? Scope.USER : Scope.ORG;
    }

    /** Tests move time to see the pause end. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    private record ScopeTicket(Scope scope, String by) implements Ticket {
    }

    /**
     * Throws {@link QuotaExhausted} when no call may go to Toggl now; waits out a 429's hold, or
     * throws {@link RateLimited} when the hold is longer than a call should wait in its thread.
     */
    @Override
    public Ticket acquire(ApiOperation operation, ApiCall call) throws InterruptedException {
        Scope scope = scopeOf(operation.path());
        checkOpen(scope, call);
        String by = SPENDER.get() != null ? SPENDER.get() : operation.write() ? FLOWS : OTHER;
        budget(scope, by, call);
        long holdNanos = heldUntilNanos.get() - System.nanoTime();
        if (holdNanos > 0) {
            long holdMillis = Duration.ofNanos(holdNanos).toMillis() + 1;
            if (holdMillis > maxHoldMillis) {
                throw new RateLimited(call, "Toggl asked to wait after a 429; not sent", holdMillis);
            }
            Thread.sleep(holdMillis);
        }
        return new ScopeTicket(scope, by);
    }

    /** Counts the call in the hour's log, or refuses it when it would go past the plan (see the class comment). */
    private void budget(Scope scope, String by, ApiCall call) {
        int limit = scope == Scope.USER ? USER_QUOTA : planQuota;
        int allowed = POLL.equals(by) || limit <= 2 * POLL_RESERVE ? limit : limit - POLL_RESERVE;
        Instant now = clock.instant();
        ArrayDeque<Spent> log = hour.get(scope);
        synchronized (log) {
            while (!log.isEmpty() && !log.peekFirst().at().isAfter(now.minus(Duration.ofHours(1)))) {
                log.pollFirst();
            }
            if (log.size() >= allowed) {
                Instant free = log.peekFirst().at().plus(Duration.ofHours(1));
                throw new QuotaExhausted(call, 0, "Toggl " + scope.name().toLowerCase() + " budget of " + allowed
                        + " calls this hour is spent; waiting until " + free, millisUntil(free, now));
            }
            log.addLast(new Spent(now, by));
        }
        spentTotal.computeIfAbsent(by, k -> new AtomicLong()).incrementAndGet();
    }

    /** Calls counted in the last hour, by who made them. */
    public Map<String, Integer> spentThisHour() {
        Map<String, Integer> m = new TreeMap<>();
        Instant since = clock.instant().minus(Duration.ofHours(1));
        for (ArrayDeque<Spent> log : hour.values()) {
            synchronized (log) {
                for (Spent s : log) {
                    if (s.at().isAfter(since)) {
                        m.merge(s.by(), 1, Integer::sum);
                    }
                }
            }
        }
        return m;
    }

    @Override
    public long answered(Ticket ticket, int status, Function<String, String> headers) {
        observe(((ScopeTicket) ticket).scope(), status, headers.apply(QUOTA_REMAINING), headers.apply(QUOTA_RESETS_IN));
        if (status == 402) {
            return pauseRemainingMillis();
        }
        if (status == 429) {
            long wait = RetryAfter.millis(headers.apply("Retry-After"), DEFAULT_HOLD_MILLIS);
            long until = System.nanoTime() + Duration.ofMillis(wait).toNanos();
            heldUntilNanos.accumulateAndGet(until, (a, b) -> a - b >= 0 ? a : b);
            return wait;
        }
        return 0;
    }

    @Override
    public void failed(Ticket ticket) {
        // no answer: nothing learnt about the quota
    }

    /** Throws {@link QuotaExhausted} when no call may go to Toggl now. */
    public void checkOpen(Scope scope, ApiCall call) {
        Instant now = clock.instant();
        if (now.isBefore(pausedUntil)) {
            throw new QuotaExhausted(call, 0, "Toggl quota spent; calls paused until " + pausedUntil,
                    millisUntil(pausedUntil, now));
        }
        ScopeState s = scopes.get(scope);
        if (s.remaining == 0 && now.isBefore(s.resetsAt)) {
            throw new QuotaExhausted(call, 0, "Toggl " + scope.name().toLowerCase() + " quota at 0 until " + s.resetsAt,
                    millisUntil(s.resetsAt, now));
        }
    }

    /** Records the quota headers of one answer (any status). */
    public void observe(Scope scope, int status, String remaining, String resetsIn) {
        calls.incrementAndGet();
        Instant now = clock.instant();
        ScopeState s = scopes.get(scope);
        Long resetSeconds = parse(resetsIn);
        Long left = parse(remaining);
        if (left != null) {
            s.remaining = (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
        }
        if (resetSeconds != null) {
            s.resetsAt = now.plusSeconds(resetSeconds);
        }
        if (status == 402) {
            quotaExhausted.incrementAndGet();
            s.remaining = 0;
            Instant until = now.plusSeconds(resetSeconds != null ? Math.max(1, resetSeconds) : DEFAULT_PAUSE_SECONDS);
            s.resetsAt = until;
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
            LOG.warn("Toggl answered 402 (hourly quota spent): no Toggl calls until {}", until);
        } else if (status == 429) {
            rateLimited.incrementAndGet();
        }
    }

    /** True while some Toggl calls are held back: after a 402 (all calls), or while a scope is known to be at 0. */
    public boolean paused() {
        return clock.instant().isBefore(pausedUntil());
    }

    /** When every held-back call may go again. */
    public Instant pausedUntil() {
        Instant until = pausedUntil;
        for (ScopeState s : scopes.values()) {
            if (s.remaining == 0 && s.resetsAt.isAfter(until)) {
                until = s.resetsAt;
            }
        }
        return until;
    }

    /** Milliseconds until calls may resume (0 when not paused). */
    public long pauseRemainingMillis() {
        return millisUntil(pausedUntil(), clock.instant());
    }

    public int remaining(Scope scope) {
        int r = scopes.get(scope).remaining;
        return r < 0 ? (scope == Scope.USER ? 30 : planQuota) : r;
    }

    public long quotaExhaustedCount() {
        return quotaExhausted.get();
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** For the status page and /api/status. */
    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        Instant now = clock.instant();
        m.put("paused", paused());
        m.put("pausedUntil", paused() ? pausedUntil().toString() : null);
        m.put("allCallsPaused", now.isBefore(pausedUntil));
        m.put("planQuotaPerHour", planQuota);
        for (Scope s : Scope.values()) {
            ScopeState st = scopes.get(s);
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("remaining", st.remaining < 0 ? null : st.remaining);
            sm.put("resetsAt", st.resetsAt.equals(Instant.EPOCH) ? null : st.resetsAt.toString());
            sm.put("exhausted", st.remaining == 0 && now.isBefore(st.resetsAt));
            m.put(s.name().toLowerCase(), sm);
        }
        m.put("quotaExhausted", quotaExhausted.get());
        m.put("rateLimited", rateLimited.get());
        m.put("calls", calls.get());
        m.put("spentThisHour", spentThisHour());
        Map<String, Long> total = new TreeMap<>();
        spentTotal.forEach((k, v) -> total.put(k, v.get()));
        m.put("spentSinceStart", total);
        return m;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        for (Scope s : Scope.values()) {
            Gauge.builder("toggl.quota.remaining", this, q -> q.remaining(s)).tag("scope", s.name().toLowerCase())
                    .description("Toggl requests left in the current hour (from X-Toggl-Quota-Remaining)").register(registry);
        }
        Gauge.builder("toggl.quota.paused", this, q -> q.paused() ? 1 : 0)
                .description("1 while Toggl calls are held back: quota spent (402) or known to be at 0").register(registry);
        Gauge.builder("toggl.quota.paused.seconds", this, q -> q.pauseRemainingMillis() / 1000.0)
                .description("Seconds until Toggl calls resume").register(registry);
        FunctionCounter.builder("toggl.quota.exhausted", quotaExhausted, AtomicLong::get)
                .description("402 answers from Toggl").register(registry);
        FunctionCounter.builder("toggl.rate.limited", rateLimited, AtomicLong::get)
                .description("429 answers from Toggl").register(registry);
        FunctionCounter.builder("toggl.api.calls", calls, AtomicLong::get)
                .description("Calls that reached Toggl").register(registry);
    }

    private static long millisUntil(Instant t, Instant now) {
        return Math.max(0, t.toEpochMilli() - now.toEpochMilli());
    }

    private static Long parse(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
