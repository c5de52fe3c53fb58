package io.contactsbridge.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Request quotas as vendors enforce them: one or more windows per key (an account, a location, a
 * scope), each allowing {@code max} requests per {@code lengthMs}. A request is counted in every window
 * only when all of them have room; a refused request counts nowhere. The simulator turns a
 * {@link Decision} into its vendor's answer (429 with Retry-After, 402 ...) and headers.
 *
 * <p>Two kinds of window:
 * <ul>
 * <li>{@link Kind#FIXED}, <b>aligned to the first request</b>: it opens at the first request after the
 * previous one ended and lasts exactly {@code lengthMs} (HighLevel's burst and daily limits). Over a
 * long run a client achieves at most {@code max} per {@code lengthMs}.</li>
 * <li>{@link Kind#SLIDING}: at most {@code max} requests in any {@code lengthMs} (Toggl's hourly quota);
 * room comes back as the oldest counted request leaves the window.</li>
 * </ul>
 * Limits are read live from suppliers, so a knob changed between requests applies at once.
 */
public final class RateLimiter {
    public enum Kind { FIXED, SLIDING }

    /** One window; {@code enabled} false: never refuses, counts nothing. */
    public record Window(String name, Kind kind, LongSupplier max, LongSupplier lengthMs, BooleanSupplier enabled) {
        public static Window fixed(String name, LongSupplier max, LongSupplier lengthMs) {
            return new Window(name, Kind.FIXED, max, lengthMs, () -> true);
        }

        public static Window sliding(String name, LongSupplier max, LongSupplier lengthMs, BooleanSupplier enabled) {
            return new Window(name, Kind.SLIDING, max, lengthMs, enabled);
        }
    }

    /**
     * One window as a client sees it: its limit and length, requests counted, requests left
     * ({@code max} when disabled), and milliseconds until it frees room (its length when empty).
     */
    public record Usage(String window, long max, long lengthMs, long used, long remaining, long resetsInMs) {
        /** Whole seconds until the window frees room, rounded up, at least 1 (as Retry-After wants). */
        public long resetsInSeconds() {
            return seconds(resetsInMs);
        }
    }

    /** The outcome of one request: accepted or refused (by which window) and every window's usage after it. */
    public record Decision(boolean allowed, Usage refusedBy, List<Usage> usage) {
        /** Seconds until the refusing window frees room (0 when allowed). */
        public long retryAfterSeconds() {
            return refusedBy == null ? 0 : refusedBy.resetsInSeconds();
        }

        public Usage usage(String window) {
            return usage.stream().filter(u -> u.window().equals(window)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no window " + window));
        }
    }

    private final LongSupplier clock;
    private final List<Window> windows;
    private final Map<String, Counters[]> byKey = new ConcurrentHashMap<>();

    /** {@code windows} are checked in this order; the first full one refuses. */
    public RateLimiter(LongSupplier clock, Window... windows) {
        this.clock = clock;
        this.windows = List.of(windows);
    }

    /** Counts one request for {@code key} when every window has room. */
    public Decision acquire(String key) {
        Counters[] c = counters(key);
        synchronized (c) {
            long now = clock.getAsLong();
            roll(c, now);
            for (int i = 0; i < windows.size(); i++) {
                Window w = windows.get(i);
                if (w.enabled().getAsBoolean() && c[i].used() >= w.max().getAsLong()) {
                    return new Decision(false, c[i].usage(w, now), usage(c, now));
                }
            }
            for (int i = 0; i < windows.size(); i++) {
                if (windows.get(i).enabled().getAsBoolean()) {
                    c[i].count(windows.get(i), now);
                }
            }
            return new Decision(true, null, usage(c, now));
        }
    }

    /** Every window's usage for {@code key}, without counting a request. */
    public Decision peek(String key) {
        Counters[] c = counters(key);
        synchronized (c) {
            long now = clock.getAsLong();
            roll(c, now);
            return new Decision(true, null, usage(c, now));
        }
    }

    /** Forgets every counted request. */
    public void reset() {
        byKey.clear();
    }

    /** Whole seconds for {@code millis}, rounded up, at least 1. */
    public static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private Counters[] counters(String key) {
        return byKey.computeIfAbsent(key, k -> {
            Counters[] c = new Counters[windows.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = new Counters();
            }
            return c;
        });
    }

    private void roll(Counters[] c, long now) {
        for (int i = 0; i < c.length; i++) {
            c[i].roll(windows.get(i), now);
        }
    }

    private List<Usage> usage(Counters[] c, long now) {
        List<Usage> out = new ArrayList<>(c.length);
        for (int i = 0; i < c.length; i++) {
            out.add(c[i].usage(windows.get(i), now));
        }
        return out;
    }

    /** One key's count in one window (guarded by the key's array). */
    private static final class Counters {
        long start;
        long count;
        final ArrayDeque<Long> times = new ArrayDeque<>();

        long used() {
            return Math.max(count, times.size());
        }

        void roll(Window w, long now) {
            long length = w.lengthMs().getAsLong();
            if (w.kind() == Kind.FIXED) {
                if (count > 0 && now >= start + length) {
                    count = 0;
                }
            } else {
                while (!times.isEmpty() && times.peekFirst() <= now - length) {
                    times.pollFirst();
                }
            }
        }

        void count(Window w, long now) {
            if (w.kind() == Kind.FIXED) {
                if (count == 0) {
                    start = now;
                }
                count++;
            } else {
                times.addLast(now);
            }
        }

        Usage usage(Window w, long now) {
            long max = w.max().getAsLong();
            long length = w.lengthMs().getAsLong();
            long used = used();
            long resetsIn;
            if (w.kind() == Kind.FIXED) {
                resetsIn = count == 0 ? length : start + length - now;
            } else {
                resetsIn = times.isEmpty() ? length : times.peekFirst() + length - now;
            }
            long remaining = w.enabled().getAsBoolean() ? Math.max(0, max - used) : max;
            return new Usage(w.name(), max, length, used, remaining, resetsIn);
        }
    }
}
