package io.contactsbridge.connector.http;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces requests per key (HighLevel: the location) so that no window of {@code X-RateLimit-Interval-Milliseconds}
 * ever holds more than {@code X-RateLimit-Max} of our requests, and waits out a 429's
 * {@code Retry-After} before the next request to that location.
 *
 * <p>How: a log of our last {@code max} requests per location. Each entry holds the time its
 * answer came back (while in flight: the time it was sent, and it cannot be replaced before it is
 * answered). A new request takes the place of the earliest answered entry and may go one interval
 * (plus a small margin) after that answer. Because an answer comes after the server counted the request, this keeps at most
 * {@code max} requests in any window of the server's own clock whatever the network and thread
 * latency, for fixed-window and sliding-window limiters alike, while a bulk sync still uses the whole
 * quota, bursts included (the cost is one request's latency per window).
 *
 * <p>Why not Camel's Throttle EIP: it enforces one static rate per route, while HighLevel's limit is
 * per location, shared by all of its operation routes, announced (and changed) by response headers,
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

    /** One counted request; give it back with {@link #complete(Ticket)} when its answer (or failure) is in. */
    public static final class Ticket {
        final String location;
        long time;
        boolean done;
        long waited;

        Ticket(String location, long time) {
            this.location = location;
            this.time = time;
        }

        /** How long the caller waited for the quota, in ms. */
        public long waitedMillis() {
            return waited;
        }
    }

    /** Blocks until a request to the location may be sent, and counts it. */
    public Ticket acquire(String location) throws InterruptedException {
        Window w = window(location);
        Ticket ticket;
        synchronized (w) {
            while (true) {
                long now = clock.millis();
                ticket = w.reserve(location, now);
                if (ticket != null) {
                    break;
                }
                // every counted request is still in flight: the first answer decides
                w.wait(100);
            }
        }
        long wait = ticket.time - clock.millis();
        if (wait > 0) {
            clock.sleep(wait);
        }
        ticket.waited = Math.max(wait, 0);
        return ticket;
    }

    /** The request has its answer (or failed): its log entry moves to now. */
    public void complete(Ticket ticket) {
        if (ticket == null) {
            return;
        }
        Window w = window(ticket.location);
        synchronized (w) {
            if (!ticket.done) {
                ticket.time = Math.max(ticket.time, clock.millis());
                ticket.done = true;
            }
            w.notifyAll();
        }
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
            return w.max;
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

    /** An in-flight request older than this no longer holds the log (its answer was lost to an error path). */
    static final long STALE_AFTER_MILLIS = 120_000;

    private static final class Window {
        /** The most recent requests, oldest first; at most max entries. */
        final ArrayDeque<Ticket> log = new ArrayDeque<>();
        int max;
        long intervalMillis;
        long blockedUntil;
        long lastSlot;
        int serverRemaining = -1;
        int serverDailyRemaining = -1;

        Window(int max, long intervalMillis) {
            this.max = max;
            this.intervalMillis = intervalMillis;
        }

        /** A ticket for the earliest allowed time, or null while every counted request is in flight. */
        Ticket reserve(String location, long now) {
            long slot = Math.max(Math.max(now, blockedUntil), lastSlot);
            if (log.size() >= max) {
                // the new request replaces the earliest answered one: any window then holds at most max.
                // An entry in flight is answered at or after now, so it is never earlier than an answered one.
                Ticket earliest = null;
                Ticket stale = null;
                for (Ticket t : log) {
                    if (t.done && (earliest == null || t.time < earliest.time)) {
                        earliest = t;
                    } else if (!t.done && now - t.time >= STALE_AFTER_MILLIS) {
                        stale = t;
                    }
                }
                if (earliest == null) {
                    earliest = stale;
                }
                if (earliest == null) {
                    return null;
                }
                slot = Math.max(slot, earliest.time + intervalMillis + marginMillis(intervalMillis));
                log.remove(earliest);
            }
            Ticket t = new Ticket(location, slot);
            log.addLast(t);
            lastSlot = slot;
            return t;
        }

        void resize(int newMax) {
            max = newMax;
            while (log.size() > max) {
                log.pollFirst(); // keep the newest entries
            }
        }
    }
}
