package io.contactsbridge.toggl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.Rfc3339;
import io.contactsbridge.connector.webhook.HmacSignature;
import io.contactsbridge.connector.webhook.WebhookEvent;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookReply;
import io.contactsbridge.connector.webhook.WebhookRequest;
import io.contactsbridge.connector.webhook.WebhookText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Toggl's rules on the shared intake ({@code POST /webhooks/toggl}): {@code X-Webhook-Signature-256:
 * sha256=<hex>} is an HMAC-SHA256 of the raw body under the subscription's secret; a PING is
 * answered with its {@code validation_code} so the subscription validates at once; every data event
 * is stored, events of models or actions no flow syncs included. Toggl retries any non-2xx and
 * counts it against the subscription, so a repeated {@code event_id} is acknowledged with 200
 * {@code duplicate}, and a store that is down gets 503 (retried later).
 *
 * <p>Stale: Toggl signs no delivery time known to survive its (unpublished) retries, so age is
 * judged on the event's {@code created_at} (else {@code timestamp}): within the replay window the
 * inbox still holds the event id and refuses a replay by it; an event older than that, or as far
 * ahead, could slip past a forgotten id and is refused (409). A body with neither is judged by its id.
 */
public final class TogglWebhookPolicy implements WebhookPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWebhookPolicy.class);
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature-256";
    /** Where Toggl delivers: the shared intake's path for this connector. */
    public static final String PATH = "/webhooks/" + TogglConnector.ID;
    /** The inbox's default retention of processed events (and so of their ids). */
    public static final int DEFAULT_REPLAY_WINDOW_DAYS = 30;
    private static final Set<String> SYNCED_ACTIONS = Set.of("created", "updated", "deleted");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern WORD = Pattern.compile("[a-z_]{1,40}");

    private final HmacSignature signature;
    private final Duration replayWindow;
    /** The configured workspace: events of another (a subscription made elsewhere) are stored, not synced. */
    private final Long workspaceId;

    TogglWebhookPolicy(String secret, Duration replayWindow) {
        this(secret, replayWindow, null);
    }

    TogglWebhookPolicy(String secret, Duration replayWindow, Long workspaceId) {
        this.signature = new HmacSignature(secret);
        this.replayWindow = replayWindow;
        this.workspaceId = workspaceId;
    }

    @Override
    public String source() {
        return TogglConnector.ID;
    }

    @Override
    public void verify(WebhookRequest request) {
        String header = request.header(SIGNATURE_HEADER);
        if (header == null || header.isBlank()) {
            throw WebhookRejection.unauthorized("signature_missing", "missing " + SIGNATURE_HEADER + " header");
        }
        if (!signature.matches(request.body(), header, "sha256=")) {
            LOG.warn("Toggl webhook refused: signature mismatch ({} bytes)", request.body().length);
            throw WebhookRejection.unauthorized("signature_invalid", "signature mismatch");
        }
    }

    @Override
    public WebhookEvent read(WebhookRequest request, ObjectNode event) {
        if (isPing(event)) {
            JsonNode code = event.get("validation_code");
            if (code != null && (code.isTextual() || code.isNumber()) && !code.asText().isBlank()) {
                LOG.info("Toggl webhook PING with a validation code: answering it to validate subscription {}",
                        WebhookText.printable(event.path("subscription_id").asText()));
                return WebhookEvent.replyOnly("ping", Map.of("validation_code", code.asText()));
            }
            return WebhookEvent.replyOnly("ping", Map.of("status", "pong"));
        }
        Long eventId = positiveLong(event.get("event_id"));
        if (eventId == null) {
            throw WebhookRejection.badRequest("invalid_event", "event_id missing or not a positive whole number");
        }
        JsonNode metadata = event.get("metadata");
        String model = metadata == null ? null : word(metadata.get("model"));
        String action = metadata == null ? null : word(metadata.get("action"));
        if (model == null || action == null) {
            throw WebhookRejection.badRequest("invalid_event", "metadata.model and metadata.action are required (short words)");
        }
        checkAge(event, request.receivedAt());
        CanonicalChange.Entity entity = TogglEntities.MODELS.get(model);
        boolean synced = entity != null && SYNCED_ACTIONS.contains(action) && ourWorkspace(model, metadata, event);
        String rowId = event.get("payload") instanceof ObjectNode payload ? rowId(payload.get("id")) : null;
        if (synced && rowId == null) {
            throw WebhookRejection.badRequest("invalid_event", "payload must be an object with an id");
        }
        // events of models or actions no flow syncs are stored too (lose nothing; the translator
        // gives no change for them) and acknowledged, so Toggl does not retry them
        String recordKey = rowId == null ? null : TogglConnector.ID + ":" + (entity != null ? entity.wire() : model) + ":" + rowId;
        String type = model + " " + action;
        return synced ? WebhookEvent.accepted(String.valueOf(eventId), recordKey, type)
                : WebhookEvent.notSynced(String.valueOf(eventId), recordKey, type);
    }

    @Override
    public WebhookReply accepted(WebhookEvent event) {
        return answer("stored", event);
    }

    /** Toggl retries any non-2xx: a repeated event is acknowledged, not refused. */
    @Override
    public WebhookReply duplicate(WebhookEvent event) {
        return answer("duplicate", event);
    }

    private static WebhookReply answer(String status, WebhookEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("event_id", Long.parseLong(event.eventId()));
        return WebhookReply.of(200, body);
    }

    private void checkAge(ObjectNode event, Instant now) {
        JsonNode at = event.hasNonNull("created_at") ? event.get("created_at") : event.get("timestamp");
        if (at == null || at.isNull()) {
            return;
        }
        Instant created;
        try {
            if (!at.isTextual()) {
                throw new DateTimeParseException("not a string", at.toString(), 0);
            }
            created = Rfc3339.instant(at.asText().trim());
        } catch (DateTimeParseException e) {
            throw WebhookRejection.badRequest("invalid_event", "created_at / timestamp is not an RFC 3339 date-time");
        }
        if (created.isBefore(now.minus(replayWindow))) {
            throw WebhookRejection.conflict("stale", "created_at is older than " + replayWindow.toDays() + " days");
        }
        if (created.isAfter(now.plus(replayWindow))) {
            throw WebhookRejection.conflict("future_timestamp", "created_at is more than " + replayWindow.toDays() + " days ahead");
        }
    }

    /**
     * True unless the event names another workspace than the configured one ({@code metadata.workspace_id},
     * else the payload's {@code workspace_id} / {@code wid}); workspace events (a new workspace) always pass.
     */
    private boolean ourWorkspace(String model, JsonNode metadata, ObjectNode event) {
        if (workspaceId == null || "workspace".equals(model)) {
            return true;
        }
        JsonNode payload = event.path("payload");
        JsonNode wid = metadata.hasNonNull("workspace_id") ? metadata.get("workspace_id")
                : payload.hasNonNull("workspace_id") ? payload.get("workspace_id") : payload.get("wid");
        if (wid == null || wid.isNull() || !DIGITS.matcher(wid.asText().trim()).matches()) {
            return true;
        }
        return wid.asText().trim().equals(String.valueOf(workspaceId));
    }

    /** PING: {@code payload: "ping"} or {@code event_id: 0}. */
    private static boolean isPing(ObjectNode event) {
        JsonNode id = event.get("event_id");
        return "ping".equals(event.path("payload").textValue())
                || (id != null && (id.isIntegralNumber() || id.isTextual()) && "0".equals(id.asText().trim()));
    }

    /** A positive whole number, or its digits as a string (no fractions, no overflow). */
    private static Long positiveLong(JsonNode node) {
        if (node == null || !(node.isIntegralNumber() || node.isTextual())) {
            return null;
        }
        String digits = node.asText().trim();
        if (!DIGITS.matcher(digits).matches()) {
            return null;
        }
        try {
            long n = Long.parseLong(digits);
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null; // over Long.MAX_VALUE
        }
    }

    /** A model or action name: lower-case letters and underscores, at most 40 (they end up in record keys and logs). */
    private static String word(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String w = node.asText().trim().toLowerCase(Locale.ROOT);
        return WORD.matcher(w).matches() ? w : null;
    }

    /** A row id usable in a record key: a whole number or a short printable token. */
    private static String rowId(JsonNode node) {
        if (node == null || !(node.isIntegralNumber() || node.isTextual())) {
            return null;
        }
        String s = node.asText().trim();
        return !s.isEmpty() && s.length() <= 100 && s.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? s : null;
    }
}
