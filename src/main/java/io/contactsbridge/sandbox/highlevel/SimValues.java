package io.contactsbridge.sandbox.highlevel;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Values as HighLevel writes and normalises them: ids, phones, tags, custom fields, dates; and deep copies. */
final class SimValues {
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SimValues() {
    }

    static String newId() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    static String normalisePhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return phone.trim();
        }
        boolean international = phone.trim().startsWith("+") || phone.trim().startsWith("00");
        if (phone.trim().startsWith("00")) {
            digits = digits.substring(2);
        }
        return !international && digits.length() == 10 ? "+1" + digits : "+" + digits;
    }

    static List<String> normaliseTags(Collection<String> tags) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            String n = t.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return new ArrayList<>(out);
    }

    /** Custom fields are merged by id (a field not named keeps its value); input {id|key, field_value|value}. */
    static List<Object> mergeCustomFields(List<Object> existing, List<Object> input) {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object o : existing) {
            Map<?, ?> m = (Map<?, ?>) o;
            byId.put(String.valueOf(m.get("id")), m.get("value"));
        }
        for (Object o : input) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object id = m.get("id") != null ? m.get("id") : m.get("key");
            Object value = m.containsKey("field_value") ? m.get("field_value") : m.get("value");
            if (value == null || "".equals(value)) {
                byId.remove(String.valueOf(id));
            } else {
                byId.put(String.valueOf(id), copy(value));
            }
        }
        List<Object> out = new ArrayList<>();
        byId.forEach((id, value) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", id);
            f.put("value", value);
            out.add(f);
        });
        return out;
    }

    /** The birth-date formats the spec lists, stored the way HighLevel returns them (midnight UTC). */
    static String normaliseBirthDate(String s) {
        LocalDate d = parseBirthDate(s);
        if (d == null) {
            throw new IllegalArgumentException("not a date: " + s);
        }
        return ISO_MILLIS.format(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static LocalDate parseBirthDate(String s) {
        String t = s.trim();
        if (t.length() >= 10 && t.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            t = t.substring(0, 10);
        }
        String[] parts = t.split("[-/._]");
        if (parts.length != 3) {
            return null;
        }
        try {
            if (parts[0].length() == 4) {
                return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
            if (parts[2].length() == 4) {
                return LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** An ISO 8601 date-time (or date) as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; null when it is not one. */
    static String normaliseInstant(String s) {
        Long ms = parseInstant(s);
        return ms == null ? null : ISO_MILLIS.format(Instant.ofEpochMilli(ms));
    }

    static Long parseInstant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void putOrRemove(Map<String, Object> m, String k, Object v) {
        if (v == null) {
            m.remove(k);
        } else {
            m.put(k, v);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>((List<Object>) l) : new ArrayList<>();
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Collection<?> c) {
            for (Object x : c) {
                out.add(String.valueOf(x));
            }
        }
        return out;
    }

    /** A deep copy of JSON-like values, so no caller ever holds a live record. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }
}
