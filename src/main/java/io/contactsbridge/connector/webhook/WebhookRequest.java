package io.contactsbridge.connector.webhook;

import java.time.Instant;
import java.util.function.Function;

/**
 * One webhook request as received: the exact body bytes (signatures are checked over these,
 * never over re-serialised JSON), the headers (case-insensitive), the time it arrived, and the
 * value of the policy's {@link WebhookPolicy#pathParameter() path parameter} (null without one).
 */
public record WebhookRequest(byte[] body, Function<String, String> headers, Instant receivedAt, String pathValue) {

    public WebhookRequest(byte[] body, Function<String, String> headers, Instant receivedAt) {
        this(body, headers, receivedAt, null);
    }

    /** A header's value, or null. Header names are case-insensitive. */
    public String header(String name) {
        return headers.apply(name);
    }
}
