package io.contactsbridge.togglfocus;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.QuotaGate;

/**
 * Toggl Focus's hourly quota per user and organization, as its answers announce it
 * ({@code X-Toggl-Quota-Remaining}, {@code X-Toggl-Quota-Resets-In}): after a quota 402 every call
 * is held back until the reset, so the bridge does not spend requests it has not got. A set-up's
 * 402 that still leaves quota ("integration already exists") pauses nothing.
 */
final class FocusQuota implements QuotaGate {
    private final Clock clock;
    private final int hourly;
    private volatile Integer remaining;
    private volatile Instant pausedUntil;

    FocusQuota(int hourly, Clock clock) {
        this.hourly = hourly;
        this.clock = clock;
    }

    private record Ticket(ApiOperation operation) implements QuotaGate.Ticket {
    }

    @Override
    public QuotaGate.Ticket acquire(ApiOperation operation, ApiCall call) {
        Instant until = pausedUntil;
        if (until != null && clock.instant().isBefore(until)) {
            long wait = until.toEpochMilli() - clock.millis();
            throw new QuotaExhausted(call, 402, "hourly request quota of the Toggl Focus plan used up; calls paused for "
                    + Math.max(1, wait / 1000) + " s more", wait);
        }
        return new Ticket(operation);
    }

    @Override
    public long answered(QuotaGate.Ticket ticket, int status, Function<String, String> headers) {
        Integer left = number(headers.apply("X-Toggl-Quota-Remaining"));
        Integer resetsIn = number(headers.apply("X-Toggl-Quota-Resets-In"));
        if (left != null) {
            remaining = left;
        }
        if (status != 402) {
            return 0;
        }
        boolean setup = ticket instanceof Ticket t && FocusErrors.setup(t.operation().operationId());
        if (setup && (left == null || left > 0)) {
            return 0;
        }
        long wait = (resetsIn == null ? 3600 : Math.max(1, resetsIn)) * 1000L;
        pausedUntil = clock.instant().plusMillis(wait);
        return wait;
    }

    @Override
    public void failed(QuotaGate.Ticket ticket) {
        // nothing was counted here: the API counts
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hourlyQuota", hourly);
        m.put("quotaRemaining", remaining);
        Instant until = pausedUntil;
        m.put("quotaPaused", until != null && clock.instant().isBefore(until));
        if (until != null && clock.instant().isBefore(until)) {
            m.put("quotaPausedUntil", until.toString());
        }
        return m;
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
