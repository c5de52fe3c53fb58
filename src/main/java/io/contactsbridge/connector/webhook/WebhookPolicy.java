package io.contactsbridge.connector.webhook;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector's rules on the shared webhook intake ({@code POST /webhooks/<source>}). The intake does
 * what is the same for every sender, in this order: size (413), content type (415), then
 * {@link #verify} (the signature over the raw bytes, 401), UTF-8 and strict JSON (400), then
 * {@link #read} (handshakes, event shape, age window), then it stores the raw body in the inbox
 * before answering, counts every outcome and logs one line. What differs between senders is here:
 * the signature scheme, the handshake, the answer to a repeated event id (HighLevel 409; Toggl 200,
 * since Toggl retries any non-2xx), and the answer that makes the sender retry when the store is
 * down (HighLevel retries only a 429; Toggl any non-2xx). Throw {@link WebhookRejection} to refuse.
 */
public interface WebhookPolicy {
    /** Seconds a sender is asked to wait before retrying when the store is down. */
    String RETRY_AFTER_SECONDS = "30";

    /** The inbox source and path segment ({@code toggl} for {@code /webhooks/toggl}). */
    String source();

    /**
     * The name of one path segment after {@code /webhooks/<source>/} that the sender's URL carries
     * (an unguessable token, for senders that sign nothing): the intake serves
     * {@code /webhooks/<source>/{name}} only, and hands the value over in {@link WebhookRequest#pathValue()}.
     * Null (the default): the intake serves {@code /webhooks/<source>}.
     */
    default String pathParameter() {
        return null;
    }

    /**
     * A handshake that comes without a JSON body (Hubstaff posts an empty body with
     * {@code X-Hook-Secret}): answered after the size check, before the content type and the body are
     * checked. Check the request's credentials here too. Empty (the default): no such handshake.
     */
    default Optional<WebhookReply> beforeBody(WebhookRequest request) {
        return Optional.empty();
    }

    /** Checks the signature over the raw body bytes; called before the body is parsed. */
    void verify(WebhookRequest request);

    /**
     * Reads a verified body that is a JSON object: answers a handshake ({@link WebhookEvent#replyOnly}),
     * checks the event's shape and age and says what to store. Called only after {@link #verify} passed.
     */
    WebhookEvent read(WebhookRequest request, ObjectNode body);

    /**
     * The answer to a handshake {@link #read} recognised ({@link WebhookEvent#replyOnly}): 200 with its
     * body by default; a sender that wants a header echoed (a hook secret) adds it here.
     */
    default WebhookReply handshake(WebhookRequest request, WebhookEvent event) {
        return WebhookReply.of(200, event.reply());
    }

    /** The answer once the event is stored. */
    default WebhookReply accepted(WebhookEvent event) {
        return WebhookReply.of(200, Map.of("status", "accepted"));
    }

    /** The answer to an event id the inbox already holds (nothing stored again). */
    default WebhookReply duplicate(WebhookEvent event) {
        return WebhookReply.error(409, "duplicate", "event " + WebhookText.printable(event.eventId())
                + " was already received");
    }

    /** The answer when the event could not be stored: one that makes this sender retry later. */
    default WebhookReply storeUnavailable() {
        return WebhookReply.error(503, "store_unavailable", "the event could not be stored; retry later")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
}
