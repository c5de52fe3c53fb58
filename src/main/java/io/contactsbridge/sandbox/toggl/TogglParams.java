package io.contactsbridge.sandbox.toggl;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;

/** Reading Toggl requests (JSON bodies, query parameters) and values (timestamps, ids) with Toggl's 400s. */
final class TogglParams {
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    private TogglParams() {
    }

    /** The JSON object body; 400 "JSON is not valid" when it is empty, not JSON or not an object. */
    static Map<String, Object> body(SimRequest req) {
        if (req.body().length == 0) {
            throw new TogglError(400, "JSON is not valid");
        }
        Object parsed;
        try {
            parsed = JSON.readValue(req.body(), Object.class);
        } catch (IOException e) {
            throw new TogglError(400, "JSON is not valid");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new TogglError(400, "JSON is not valid: an object is expected");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    static String requireText(Map<String, Object> body, String key, String message) {
        Object v = body.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new TogglError(400, message);
        }
        return s.trim();
    }

    static boolean flag(SimRequest req, String name) {
        return req.queryParam(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    static int intParam(SimRequest req, String name, int fallback) {
        Optional<String> v = req.queryParam(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new TogglError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    static Optional<Long> unixParam(SimRequest req, String name) {
        Optional<String> v = req.queryParam(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new TogglError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    /** A date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time. */
    static Instant dateParam(String name, String value) {
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TogglError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    static String ts(Instant i) {
        return TS.format(i);
    }

    static Instant instant(Object ts) {
        return OffsetDateTime.parse(String.valueOf(ts)).toInstant();
    }

    static long epoch(Object ts) {
        return ts == null ? Long.MIN_VALUE : instant(ts).getEpochSecond();
    }

    static long toLong(Object v, String field) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new TogglError(400, "Wrong format for field '" + field + "'");
        }
    }

    /** A number field, or -1 when it is not one (null ids). */
    static long num(Object v) {
        return v instanceof Number n ? n.longValue() : -1;
    }

    static long id(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }
}
