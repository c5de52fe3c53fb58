package io.contactsbridge.sandbox.togglfocus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;

/** JSON request bodies and deep copies for the Toggl Focus simulator. */
final class FocusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FocusJson() {
    }

    static Map<String, Object> object(SimRequest request) {
        String ct = request.header("Content-Type").orElse("");
        if (!ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw FocusError.validation("Content-Type must be application/json");
        }
        try {
            Map<String, Object> body = JSON.readValue(request.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
            if (body == null) {
                throw FocusError.validation("request body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw FocusError.validation("request body must be a JSON object");
        }
    }

    static Object copy(Object value) {
        return value == null ? null : JSON.convertValue(value, Object.class);
    }
}
