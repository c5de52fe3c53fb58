package io.contactsbridge.connector.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the webhook intake: status, JSON body and extra headers ({@code Retry-After}). */
public record WebhookReply(int status, Map<String, Object> body, Map<String, String> headers) {

    public WebhookReply {
        // in the order given: senders and people read {"error": ..., "message": ...} top down
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
        headers = Map.copyOf(headers);
    }

    public static WebhookReply of(int status, Map<String, Object> body) {
        return new WebhookReply(status, body, Map.of());
    }

    /** The shared error shape: a machine-readable reason and a message that quotes nothing from the body. */
    public static WebhookReply error(int status, String reason, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("message", message);
        return new WebhookReply(status, body, Map.of());
    }

    public WebhookReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebhookReply(status, body, h);
    }
}
