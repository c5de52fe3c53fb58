package io.contactsbridge.connector;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Whether what a system holds covers what was written: used to tell an echo of our own write,
 * and to check that an API kept every field it was sent (HighLevel's upsert has been seen to drop
 * some). E-mail and tags compare case-insensitively (HighLevel lower-cases tags), phones by their
 * digits, lists by their elements in any order, objects field by field.
 */
public final class FieldValues {
    private FieldValues() {
    }

    /** True when {@code actual} holds every value of {@code expected}. */
    public static boolean covers(Map<String, Object> actual, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            if (!valueCovers(actual.get(e.getKey()), e.getValue(), e.getKey())) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    public static boolean valueCovers(Object actual, Object expected, String key) {
        if (expected == null) {
            return true;
        }
        if (actual == null) {
            return expected instanceof String s && s.isBlank();
        }
        if (expected instanceof Map<?, ?> em) {
            return actual instanceof Map<?, ?> am && covers((Map<String, Object>) am, (Map<String, Object>) em);
        }
        if (expected instanceof Collection<?> ec) {
            if (!(actual instanceof Collection<?> ac)) {
                return false;
            }
            for (Object x : ec) {
                if (ac.stream().noneMatch(y -> valueCovers(y, x, key))) {
                    return false;
                }
            }
            return true;
        }
        return normalize(key, actual).equals(normalize(key, expected));
    }

    /**
     * E-mail and tags compare case-insensitively, phones by their digits, date-times as instants
     * ({@code 2026-12-14T19:54:45Z} is HighLevel's {@code 2026-12-14T19:54:45.000Z}); everything else as text.
     */
    public static String normalize(String key, Object value) {
        String s = String.valueOf(value).trim();
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        if (k.contains("phone") || k.equals("number")) {
            return s.replaceAll("[^0-9]", "");
        }
        if (k.contains("email") || k.equals("tags")) {
            return s.toLowerCase(Locale.ROOT);
        }
        return looksLikeDateTime(s) ? asInstant(s) : s;
    }

    private static boolean looksLikeDateTime(String s) {
        return s.length() >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T';
    }

    private static String asInstant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toString();
        } catch (DateTimeParseException e) {
            return s;
        }
    }
}
