package io.contactsbridge.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The connector-specific part of a webhook receiver: its signature scheme and how it reads event
 * ids and record keys. Everything else (size limit, content type, JSON parsing, storing into the
 * inbox, replies, metrics, logs) is done by {@link WebhookIntake} in the same way for every source.
 * Throw {@link WebhookRejection} to refuse a request; nothing is stored then.
 */
public interface WebhookHandler {

    /** The inbox source and webhook path segment ({@code highlevel} for {@code /webhooks/highlevel}). */
    String source();

    /** Checks the signature over the raw body bytes; called before the body is parsed. */
    void verify(WebhookRequest request);

    /**
     * Reads a verified body that is a JSON object: checks its timestamp and type and says what to
     * store. Called only after {@link #verify} passed.
     */
    WebhookEvent read(WebhookRequest request, ObjectNode body);
}
