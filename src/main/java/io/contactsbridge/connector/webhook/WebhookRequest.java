package io.contactsbridge.connector.webhook;

import java.time.Instant;
import java.util.function.Function;

/**
 * One webhook request as received: the exact body bytes (signatures are checked over these,
 * never over re-serialised JSON), the headers (case-insensitive) and the time it arrived.
 */
public record WebhookRequest(byte[] body, Function<String, String> headers, Instant receivedAt) {

    /** A header's value, or null. Header names are case-insensitive. */
    public String header(String name) {
        return headers.apply(name);
    }
}
