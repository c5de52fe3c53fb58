package io.contactsbridge.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The API's own words from an error answer, as most JSON APIs (and OAuth token endpoints) write
 * them: {@code message} (a string, or a list as in NestJS 422s), else {@code error_description},
 * else {@code error}; a body that is not such an object gives its first 300 characters on one line.
 * Read once here so every connector's messages look alike.
 */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHARS = 300;

    private ErrorBody() {
    }

    /** One line, at most a few hundred characters; {@code HTTP <status>} for an empty body. */
    public static String message(int status, String body) {
        Map<?, ?> json = object(body);
        Object m = json.get("message");
        if (m instanceof List<?> list && !list.isEmpty()) {
            return String.join("; ", list.stream().map(String::valueOf).toList());
        }
        for (Object v : new Object[] {m, json.get("error_description"), json.get("error")}) {
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        if (body != null && !body.isBlank()) {
            String oneLine = body.replaceAll("\\s+", " ").trim();
            return oneLine.length() > MAX_CHARS ? oneLine.substring(0, MAX_CHARS) + "…" : oneLine;
        }
        return "HTTP " + status;
    }

    /** The body as a JSON object, or an empty map when it is none. */
    public static Map<?, ?> object(String body) {
        try {
            Object o = body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Object.class);
            return o instanceof Map<?, ?> m ? m : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
