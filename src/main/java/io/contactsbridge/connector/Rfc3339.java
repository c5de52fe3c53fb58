package io.contactsbridge.connector;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 date-times ({@code 2026-12-07T23:05:03.123Z}, {@code 2026-12-07T18:05:03-05:00}) read
 * as {@link OffsetDateTime#parse} reads them, with a short way for the usual shape: every webhook's
 * age is checked with one, and the JDK's formatter costs a few percent of the intake's CPU (the
 * PostgreSQL intake bench's profile). Any other shape, and any value out of range, goes to the
 * JDK's parser, so the answers and errors are always its.
 */
public final class Rfc3339 {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Rfc3339() {
    }

    /** @throws DateTimeParseException as {@link OffsetDateTime#parse} does */
    public static Instant instant(CharSequence text) {
        Instant usual = usualShape(text);
        return usual != null ? usual : OffsetDateTime.parse(text).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with values in range, else null. */
    private static Instant usualShape(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int length = i - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nanos = digits(s, start, length) * POWERS_OF_TEN[9 - length];
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if ((hours | minutes) < 0 || minutes > 59) {
                return null;
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null; // out of range: the JDK's parser says so in its words
        }
    }

    /** The value of {@code length} ASCII digits at {@code from}, or -1. */
    private static int digits(CharSequence s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
