package io.contactsbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** What a simulator answers: status, headers and body bytes. */
public record SimResponse(int status, Map<String, String> headers, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public static SimResponse json(int status, Object value) {
        try {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json; charset=utf-8");
            return new SimResponse(status, h, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator answer is not serialisable", e);
        }
    }

    public static SimResponse text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        return new SimResponse(status, h, text.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    /** A copy with one more header (headers stay in insertion order). */
    public SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, h, body);
    }
}
