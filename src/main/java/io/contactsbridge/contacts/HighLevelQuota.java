package io.contactsbridge.contacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.RetryAfter;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.QuotaGate;
import io.contactsbridge.connector.http.QuotaLevel;
import io.contactsbridge.connector.http.QuotaPacer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * HighLevel's quota as a {@link QuotaGate}: 100 requests per 10 s and 200,000 per day, per app and
 * location, announced on every answer ({@code X-RateLimit-Max}, {@code -Interval-Milliseconds},
 * {@code -Remaining}, {@code -Daily-Remaining}). The {@link QuotaPacer} keeps every window of the
 * server's clock under the limit; a 429 (or a 503 with Retry-After) holds every request to the
 * location until the time it names (a 429 without one: one interval). Gauges
 * {@code contacts_bridge_highlevel_quota_remaining{location, window}}.
 */
final class HighLevelQuota implements QuotaGate {
    static final String GAUGE = "contacts.bridge.highlevel.quota.remaining";
    /** The daily limit per app and location (the answers give only what is left of it). */
    static final long DAILY_LIMIT = 200_000;
    private final QuotaPacer pacer;
    private final String location;

    HighLevelQuota(QuotaPacer pacer, String location) {
        this.pacer = pacer;
        this.location = location;
    }

    QuotaPacer pacer() {
        return pacer;
    }

    private record PacerTicket(QuotaPacer.Ticket ticket) implements Ticket {
    }

    @Override
    public Ticket acquire(ApiOperation operation, ApiCall call) throws InterruptedException {
        return new PacerTicket(pacer.acquire(location));
    }

    @Override
    public long answered(Ticket ticket, int status, Function<String, String> headers) {
        pacer.complete(((PacerTicket) ticket).ticket());
        pacer.observe(location, integer(headers.apply("X-RateLimit-Max")), number(headers.apply("X-RateLimit-Interval-Milliseconds")),
                integer(headers.apply("X-RateLimit-Remaining")), integer(headers.apply("X-RateLimit-Daily-Remaining")));
        if (status != 429 && status != 503) {
            return 0;
        }
        long wait = RetryAfter.millis(headers.apply("Retry-After"), status == 429 ? pacer.intervalMillis(location) : 0);
        pacer.blockFor(location, wait);
        return wait;
    }

    @Override
    public void failed(Ticket ticket) {
        if (ticket instanceof PacerTicket t) {
            pacer.complete(t.ticket());
        }
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", location);
        m.put("max", pacer.max(location));
        m.put("intervalMillis", pacer.intervalMillis(location));
        m.put("remaining", pacer.remaining(location).isPresent() ? pacer.remaining(location).getAsLong() : null);
        m.put("dailyRemaining", pacer.dailyRemaining(location).isPresent() ? pacer.dailyRemaining(location).getAsLong() : null);
        return m;
    }

    @Override
    public List<QuotaLevel> levels() {
        return List.of(
                new QuotaLevel("burst", pacer.remaining(location).orElse(-1), pacer.max(location), null),
                new QuotaLevel("daily", pacer.dailyRemaining(location).orElse(-1), DAILY_LIMIT, null));
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder(GAUGE, pacer, p -> p.remaining(location).orElse(-1))
                .description("HighLevel requests left in the current interval (-1: not known yet)")
                .tag("location", location).tag("window", "interval").register(registry);
        Gauge.builder(GAUGE, pacer, p -> p.dailyRemaining(location).orElse(-1))
                .description("HighLevel requests left today (-1: not known yet)")
                .tag("location", location).tag("window", "daily").register(registry);
    }

    private static Integer integer(String v) {
        Long l = number(v);
        return l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
    }

    private static Long number(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
