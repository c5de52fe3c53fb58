package io.contactsbridge.sandbox.highlevel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request-body checks with HighLevel's (NestJS class-validator) messages; all problems of a body are
 * collected and answered together as one 422. Unknown properties are refused ("property x should not
 * exist") as HighLevel does, which catches a client that sends e.g. {@code locationId} to update-contact.
 */
final class Checks {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private final Map<String, Object> body;
    private final List<String> problems = new ArrayList<>();

    Checks(Map<String, Object> body) {
        this.body = body;
    }

    Checks onlyFields(Collection<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                problems.add("property " + key + " should not exist");
            }
        }
        return this;
    }

    Checks required(String field) {
        Object v = body.get(field);
        if (v == null || (v instanceof String s && s.isBlank())) {
            problems.add(field + " should not be empty");
        }
        return this;
    }

    Checks string(String field, boolean nullable) {
        if (body.containsKey(field)) {
            Object v = body.get(field);
            if (v == null ? !nullable : !(v instanceof String)) {
                problems.add(field + " must be a string");
            }
        }
        return this;
    }

    Checks strings(Collection<String> fields, boolean nullable) {
        fields.forEach(f -> string(f, nullable));
        return this;
    }

    Checks bool(String field) {
        if (body.containsKey(field) && !(body.get(field) instanceof Boolean)) {
            problems.add(field + " must be a boolean value");
        }
        return this;
    }

    Checks email(String field) {
        if (body.get(field) instanceof String s && !EMAIL.matcher(s.trim()).matches()) {
            problems.add(field + " must be an email");
        }
        return this;
    }

    Checks phone(String field) {
        if (body.get(field) instanceof String s && s.replaceAll("[^0-9]", "").length() < 5) {
            problems.add(field + " must be a valid phone number");
        }
        return this;
    }

    Checks stringArray(String field) {
        if (body.containsKey(field)) {
            Object v = body.get(field);
            if (!(v instanceof List<?> l)) {
                problems.add(field + " must be an array");
            } else if (l.stream().anyMatch(x -> !(x instanceof String))) {
                problems.add("each value in " + field + " must be a string");
            }
        }
        return this;
    }

    Checks object(String field) {
        if (body.containsKey(field) && body.get(field) != null && !(body.get(field) instanceof Map)) {
            problems.add(field + " must be an object");
        }
        return this;
    }

    Checks isoDate(String field) {
        if (body.containsKey(field)) {
            Object v = body.get(field);
            if (!(v instanceof String s) || SimValues.parseInstant(s) == null) {
                problems.add(field + " must be a valid ISO 8601 date string");
            }
        }
        return this;
    }

    Checks birthDate(String field) {
        if (body.get(field) != null) {
            Object v = body.get(field);
            if (!(v instanceof String s) || SimValues.parseBirthDate(s) == null) {
                problems.add(field + " must be a valid date (YYYY-MM-DD, MM/DD/YYYY, ...)");
            }
        }
        return this;
    }

    /** customFields: an array of objects, each with an {@code id} or a {@code key}. */
    Checks customFields(String field) {
        if (body.containsKey(field)) {
            Object v = body.get(field);
            if (!(v instanceof List<?> l)) {
                problems.add(field + " must be an array");
            } else {
                for (Object o : l) {
                    if (!(o instanceof Map<?, ?> m) || (!(m.get("id") instanceof String) && !(m.get("key") instanceof String))) {
                        problems.add("each value in " + field + " must be an object with an id or a key");
                        break;
                    }
                }
            }
        }
        return this;
    }

    /** dndSettings: channel -> {status: active|inactive|permanent, message?, code?}. */
    Checks dndSettings(String field) {
        if (body.get(field) instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!List.of("Call", "Email", "SMS", "WhatsApp", "GMB", "FB").contains(String.valueOf(e.getKey()))) {
                    problems.add(field + ".property " + e.getKey() + " should not exist");
                } else if (!(e.getValue() instanceof Map<?, ?> s) || !List.of("active", "inactive", "permanent").contains(s.get("status"))) {
                    problems.add(field + "." + e.getKey() + ".status must be one of the following values: active, inactive, permanent");
                }
            }
        } else {
            object(field);
        }
        return this;
    }

    Checks problem(String message) {
        problems.add(message);
        return this;
    }

    void done() {
        if (!problems.isEmpty()) {
            throw ApiError.unprocessable(problems);
        }
    }
}
