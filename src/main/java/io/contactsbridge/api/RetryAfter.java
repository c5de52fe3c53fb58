package io.contactsbridge.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads a {@code Retry-After} header: seconds (fractions allowed) or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** Milliseconds to wait, or {@code fallback} when the header is absent or unreadable. */
    public static long millis(String header, long fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String h = header.trim();
        try {
            double seconds = Double.parseDouble(h);
            return seconds < 0 ? fallback : (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(Instant.now(), at).toMillis());
            } catch (RuntimeException notDate) {
                return fallback;
            }
        }
    }
}
