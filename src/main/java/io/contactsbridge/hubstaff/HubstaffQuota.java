package io.contactsbridge.hubstaff;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.RetryAfter;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.QuotaGate;
import io.contactsbridge.connector.http.QuotaPacer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hubstaff's quota as a {@link QuotaGate}: 1,000 requests per hour per user and application. Hubstaff
 * announces no remaining count, so the kit's {@link QuotaPacer} keeps every hour of our requests under
 * the limit by itself, and a 429 holds every request until its {@code Retry-After} has passed (one
 * minute when it names none). A wait longer than {@code hubstaff.retry.max-retry-after-ms} is not
 * spent holding threads: until it has passed every call fails at once with {@link RateLimited}
 * (nothing sent), which the inbox and the poll retry later. Gauge
 * {@code contacts_bridge_hubstaff_quota_blocked_seconds}.
 */
final class HubstaffQuota implements QuotaGate {
    static final int HOURLY_LIMIT = 1000;
    static final long HOUR_MILLIS = 3_600_000;
    static final long DEFAULT_RETRY_AFTER_MILLIS = 60_000;
    private static final String KEY = "hubstaff";
    private final QuotaPacer pacer;
    private final long maxWaitMillis;
    private volatile long blockedUntil;
    private volatile long requests;
    private volatile long refused;

    HubstaffQuota(QuotaPacer pacer, long maxWaitMillis) {
        this.pacer = pacer;
        this.maxWaitMillis = maxWaitMillis;
    }

    private record PacerTicket(QuotaPacer.Ticket ticket) implements Ticket {
    }

    @Override
    public Ticket acquire(ApiOperation operation, ApiCall call) throws InterruptedException {
        long wait = blockedUntil - System.currentTimeMillis();
        if (wait > maxWaitMillis) {
            throw new RateLimited(call, "Hubstaff's hourly quota is spent (429); calls resume in " + (wait + 999) / 1000 + " s", wait);
        }
        QuotaPacer.Ticket t = pacer.acquire(KEY);
        requests++;
        return new PacerTicket(t);
    }

    @Override
    public long answered(Ticket ticket, int status, Function<String, String> headers) {
        pacer.complete(((PacerTicket) ticket).ticket());
        if (status != 429) {
            return 0;
        }
        refused++;
        long wait = RetryAfter.millis(headers.apply("Retry-After"), DEFAULT_RETRY_AFTER_MILLIS);
        if (wait <= maxWaitMillis) {
            pacer.blockFor(KEY, wait);
        }
        blockedUntil = Math.max(blockedUntil, System.currentTimeMillis() + wait);
        return wait;
    }

    @Override
    public void failed(Ticket ticket) {
        if (ticket instanceof PacerTicket t) {
            pacer.complete(t.ticket());
        }
    }

    long blockedSeconds() {
        return Math.max(0, (blockedUntil - System.currentTimeMillis() + 999) / 1000);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max", pacer.max(KEY));
        m.put("intervalMillis", pacer.intervalMillis(KEY));
        m.put("requests", requests);
        m.put("refused429", refused);
        m.put("blockedSeconds", blockedSeconds());
        return m;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("contacts.bridge.hubstaff.quota.blocked.seconds", this, HubstaffQuota::blockedSeconds)
                .description("Seconds every Hubstaff request still waits after a 429 (Retry-After)").register(registry);
    }
}
