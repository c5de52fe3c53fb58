package io.contactsbridge.connector.http;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.api.ApiCall;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A connector's quota, as its API announces it in response headers: the HTTP pipeline asks before
 * every request and reports every answer, so all of a connector's operation routes (flows, pollers,
 * lookups, the command line) share one budget. HighLevel paces per location from its
 * {@code X-RateLimit-*} headers; Toggl pauses every call after a 402 until its quota resets.
 */
public interface QuotaGate {

    /** Handed out by {@link #acquire}; given back to {@link #answered} or {@link #failed}. */
    interface Ticket {
    }

    /**
     * Blocks until the request may be sent (pacing), or throws {@link io.contactsbridge.api.QuotaExhausted}
     * when it must not be sent now. Counts the request.
     */
    Ticket acquire(ApiOperation operation, ApiCall call) throws InterruptedException;

    /**
     * The answer is in (any status): read the quota headers. For 429 (and 402 where the API uses it)
     * hold further requests as long as the API asked. Returns that wait in ms, or 0.
     */
    long answered(Ticket ticket, int status, Function<String, String> headers);

    /** The request got no answer (its slot is free again). */
    void failed(Ticket ticket);

    /** What the status page shows (remaining quota, pauses). */
    default Map<String, Object> status() {
        return Map.of();
    }

    /** Each window's remaining quota in one shape for every connector (status page, quota alert, gauges). */
    default List<QuotaLevel> levels() {
        return List.of();
    }

    /** Gauges of the quota, bound once the meter registry exists. */
    default void bindMetrics(MeterRegistry registry) {
    }

    /** No quota to respect: nothing waits, nothing is counted. */
    QuotaGate NONE = new QuotaGate() {
        private final Ticket ticket = new Ticket() { };

        @Override
        public Ticket acquire(ApiOperation operation, ApiCall call) {
            return ticket;
        }

        @Override
        public long answered(Ticket t, int status, Function<String, String> headers) {
            return 0;
        }

        @Override
        public void failed(Ticket t) {
        }
    };
}
