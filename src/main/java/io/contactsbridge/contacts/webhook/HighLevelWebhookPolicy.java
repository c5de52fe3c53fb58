package io.contactsbridge.contacts.webhook;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.webhook.PemPublicKeys;
import io.contactsbridge.connector.webhook.WebhookEvent;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookReply;
import io.contactsbridge.connector.webhook.WebhookRequest;
import io.contactsbridge.connector.webhook.WebhookText;

/**
 * The HighLevel policy of {@code POST /webhooks/highlevel} on the shared intake: signatures
 * ({@link HighLevelSignatureVerifier}), the replay window on {@code timestamp}, and the event id
 * ({@code webhookId}) and record key the inbox needs. Valid events of types no flow syncs are stored
 * and counted as ignored (lose nothing). A repeated event id is refused with 409. When the store is
 * down the answer is 429 with Retry-After: HighLevel retries a delivery only after a 429 (any other
 * status, a 503 too, is final; api-notes section 6), up to 6 times about 10 minutes apart, so an
 * event with a {@code webhookId} is accepted up to the retry horizon (75 minutes by default) and its
 * id refuses a second copy; a body without one only within the short window ({@code max-age}),
 * since only its hash could tell a copy. A marketplace app receives the signed events of every
 * location that installed it: those of another location are acknowledged and skipped
 * ({@code bridge_webhook_skipped_total{reason="other_location"}}).
 */
public final class HighLevelWebhookPolicy implements WebhookPolicy {
    public static final String ED25519_KEY = "highlevel.webhook.ed25519-key";
    public static final String RSA_KEY = "highlevel.webhook.rsa-key";
    public static final String MAX_AGE_SECONDS = "highlevel.webhook.max-age-seconds";
    public static final int DEFAULT_MAX_AGE_SECONDS = 300;
    /** How late a retried delivery (with a webhookId) may come: 6 tries about 10 minutes apart, with jitter. */
    public static final String RETRY_HORIZON_SECONDS = "highlevel.webhook.retry-horizon-seconds";
    public static final int DEFAULT_RETRY_HORIZON_SECONDS = 75 * 60;
    /** false: no {@code /webhooks/highlevel} (the poll still heals); then no key is needed. */
    public static final String ENABLED = "highlevel.webhook.enabled";
    public static final String OTHER_LOCATION = "other_location";

    private final HighLevelSignatureVerifier signatures;
    private final Duration maxAge;
    private final Duration retryHorizon;
    private final String locationId;

    /**
     * @param maxAge       how old (or how far ahead) a timestamp may be without a webhookId
     * @param retryHorizon how old it may be with one (at least {@code maxAge})
     * @param locationId   the configured location; events of others are skipped (null: none are)
     */
    public HighLevelWebhookPolicy(HighLevelSignatureVerifier signatures, Duration maxAge, Duration retryHorizon,
                                  String locationId) {
        this.signatures = signatures;
        this.maxAge = maxAge;
        this.retryHorizon = retryHorizon.compareTo(maxAge) < 0 ? maxAge : retryHorizon;
        this.locationId = locationId;
    }

    /** @param locationId the configured location (events of others are skipped), or null */
    public static HighLevelWebhookPolicy fromSettings(Settings settings, String locationId) {
        PublicKey ed25519 = settings.get(ED25519_KEY).map(v -> PemPublicKeys.read(ED25519_KEY, v, "Ed25519")).orElse(null);
        PublicKey rsa = settings.get(RSA_KEY).map(v -> PemPublicKeys.read(RSA_KEY, v, "RSA")).orElse(null);
        int maxAge = settings.getInt(MAX_AGE_SECONDS, DEFAULT_MAX_AGE_SECONDS, 1, 7 * 24 * 3600);
        int horizon = settings.getInt(RETRY_HORIZON_SECONDS, DEFAULT_RETRY_HORIZON_SECONDS, 1, 7 * 24 * 3600);
        return new HighLevelWebhookPolicy(new HighLevelSignatureVerifier(ed25519, rsa), Duration.ofSeconds(maxAge),
                Duration.ofSeconds(horizon), locationId);
    }

    public static boolean enabled(Settings settings) {
        return settings.getBoolean(ENABLED, true);
    }

    public HighLevelSignatureVerifier signatures() {
        return signatures;
    }

    @Override
    public String source() {
        return HighLevelEvents.SOURCE;
    }

    @Override
    public void verify(WebhookRequest request) {
        signatures.verify(request);
    }

    @Override
    public WebhookEvent read(WebhookRequest request, ObjectNode body) {
        JsonNode typeNode = body.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
            throw WebhookRejection.badRequest("invalid_event", "the event has no type");
        }
        String type = typeNode.asText();
        JsonNode webhookId = body.get("webhookId");
        if (webhookId != null && HighLevelEvents.id(webhookId).isEmpty()) {
            throw WebhookRejection.badRequest("invalid_event",
                    "webhookId must be a string of at most " + HighLevelEvents.MAX_ID_LENGTH + " printable characters");
        }
        checkTimestamp(body.get("timestamp"), request.receivedAt(), webhookId != null);
        JsonNode location = body.get("locationId");
        if (locationId != null && location != null && location.isTextual() && !location.asText().equals(locationId)) {
            return WebhookEvent.skipped(WebhookText.printable(type), OTHER_LOCATION);
        }
        String text = new String(request.body(), StandardCharsets.UTF_8);
        Optional<HighLevelEventType> known = HighLevelEventType.of(type);
        String eventId = HighLevelEvents.eventId(body, text);
        String recordKey = HighLevelEvents.recordKey(known, body);
        return known.isPresent()
                ? WebhookEvent.accepted(eventId, recordKey, type)
                : WebhookEvent.notSynced(eventId, recordKey, WebhookText.printable(type));
    }

    /** HighLevel retries only a 429: the one answer that gets the event back once the store is up. */
    @Override
    public WebhookReply storeUnavailable() {
        return WebhookReply.error(429, "store_unavailable", "the event could not be stored; retry later")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }

    /**
     * Refuses a replay: {@code timestamp} older than the retry horizon (with a webhookId, which the
     * inbox dedupes) or the short window (without), or further ahead than the short window (a clock
     * can be a little off; a far-future stamp would outlive the window). A body without a timestamp
     * (the docs' examples) is accepted: the inbox still refuses a repeated event id.
     */
    private void checkTimestamp(JsonNode node, Instant now, boolean hasWebhookId) {
        if (node == null || node.isNull()) {
            return;
        }
        Instant sent = HighLevelEvents.time(node)
                .orElseThrow(() -> WebhookRejection.badRequest("invalid_event", "timestamp is not a date-time"));
        Duration window = hasWebhookId ? retryHorizon : maxAge;
        if (sent.isBefore(now.minus(window))) {
            throw WebhookRejection.conflict("stale", "timestamp is older than " + window.toSeconds() + " seconds"
                    + (hasWebhookId ? "" : " (without a webhookId)"));
        }
        if (sent.isAfter(now.plus(maxAge))) {
            throw WebhookRejection.conflict("future_timestamp", "timestamp is more than " + maxAge.toSeconds() + " seconds ahead");
        }
    }
}
