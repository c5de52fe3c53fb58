package io.contactsbridge.contacts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reading HighLevel answers: error messages and Retry-After. */
final class HighLevelResponses {
    private HighLevelResponses() {
    }

    /** The API's message ({@code message} may be a string or a list, as in 422), else the start of the body. */
    static String message(Map<String, Object> json, String raw, int status) {
        Object m = json.get("message");
        if (m instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).collect(Collectors.joining("; "));
        }
        if (m instanceof String s && !s.isBlank()) {
            return s;
        }
        if (json.get("error_description") instanceof String s && !s.isBlank()) {
            return s;
        }
        if (json.get("error") instanceof String s && !s.isBlank()) {
            return s;
        }
        if (raw != null && !raw.isBlank()) {
            String oneLine = raw.replaceAll("\\s+", " ").trim();
            return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
        }
        return "HTTP " + status;
    }

    /** Retry-After as seconds or an HTTP date; {@code fallback} when absent or unreadable. */
    static long retryAfterMillis(String header, long fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String h = header.trim();
        try {
            double seconds = Double.parseDouble(h);
            return Math.max(0, (long) Math.ceil(seconds * 1000));
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
