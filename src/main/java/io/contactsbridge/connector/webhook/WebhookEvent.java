package io.contactsbridge.connector.webhook;

import java.util.Map;
import java.util.Objects;

/**
 * What a connector's {@link WebhookPolicy} makes of a verified, parsed body.
 *
 * @param eventId   the sender's id of the event; with the source it is the inbox's unique key,
 *                  so a repeated id is not stored again (answered by {@link WebhookPolicy#duplicate})
 * @param recordKey the record the event is about; the inbox consumer runs events with the same
 *                  key one at a time, in order (null when unknown)
 * @param type      the event type, for logs and metrics (already sanitised by the handler)
 * @param synced    false for valid events of a type no flow syncs: stored anyway (nothing is lost
 *                  if a later version syncs them) and counted as {@code ignored}
 * @param reply     null to store the event and answer with {@link WebhookPolicy#accepted}; otherwise the
 *                  event is not stored and this body is sent with 200 (handshakes such as Toggl's
 *                  PING with a validation code)
 * @param skipped   null, or why a valid, signed event is not for this bridge (another account or
 *                  location of a multi-tenant app): acknowledged with 200 so the sender does not
 *                  retry, not stored, and counted by this reason
 */
public record WebhookEvent(String eventId, String recordKey, String type, boolean synced, Map<String, Object> reply,
                           String skipped) {

    public WebhookEvent {
        if (reply == null && skipped == null) {
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /** An event a flow syncs: store it, then answer 200. */
    public static WebhookEvent accepted(String eventId, String recordKey, String type) {
        return new WebhookEvent(eventId, recordKey, type, true, null, null);
    }

    /** A valid event of a type nothing syncs: store it (lose nothing), answer 200, count it as ignored. */
    public static WebhookEvent notSynced(String eventId, String recordKey, String type) {
        return new WebhookEvent(eventId, recordKey, type, false, null, null);
    }

    /** Nothing to store (a handshake or ping): answer 200 with this body. */
    public static WebhookEvent replyOnly(String type, Map<String, Object> reply) {
        return new WebhookEvent(null, null, type, false, Objects.requireNonNull(reply, "reply"), null);
    }

    /** A valid event that is not for this bridge: answer 200, store nothing, count it under {@code reason}. */
    public static WebhookEvent skipped(String type, String reason) {
        return new WebhookEvent(null, null, type, false, null, Objects.requireNonNull(reason, "reason"));
    }
}
