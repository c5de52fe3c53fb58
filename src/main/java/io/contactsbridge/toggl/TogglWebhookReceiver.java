package io.contactsbridge.toggl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.sync.CanonicalChange;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.webhook.WebhookIntake;
import io.contactsbridge.webhook.WebhookMetrics;
import io.contactsbridge.webhook.WebhookRejection;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/toggl}: checks {@code X-Webhook-Signature-256} over the raw body bytes
 * (constant-time), answers PINGs (echoing the validation code so the subscription validates at
 * once), and stores every data event in the inbox before answering 2xx, events of models or
 * actions no flow syncs included (as {@code /webhooks/highlevel} does with unknown types). A
 * repeated event id is acknowledged and not stored again. Bad input gets a 4xx JSON error in the
 * shared intake's shape ({@code {"error": reason, "message": ...}}); only a store that is down
 * gives 503 (Toggl then retries).
 */
public class TogglWebhookReceiver implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWebhookReceiver.class);
    public static final String PATH = "/webhooks/toggl";
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature-256";
    /** The inbox's default retention of processed events (and so of their ids). */
    public static final int DEFAULT_REPLAY_WINDOW_DAYS = 30;
    private static final java.util.Set<String> SYNCED_ACTIONS = java.util.Set.of("created", "updated", "deleted");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern WORD = Pattern.compile("[a-z_]{1,40}");

    private final byte[] secret;
    /** A Mac per intake thread: looking one up per request costs more than the HMAC of a small body. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final Inbox inbox;
    private final int maxBodyBytes;
    private final Duration replayWindow;
    private final WebhookMetrics metrics;

    /**
     * @param replayWindow how long the inbox remembers event ids ({@code bridge.inbox.retention-days}):
     *                     events created longer ago (or as far ahead) are refused as stale
     * @param metrics      the {@code bridge_webhook_*} counters every webhook receiver keeps
     */
    public TogglWebhookReceiver(String secret, Inbox inbox, int maxBodyBytes, Duration replayWindow,
                                WebhookMetrics metrics) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
        this.replayWindow = replayWindow;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String signature = in.getHeader(SIGNATURE_HEADER, String.class);
        byte[] body = in.getBody(byte[].class);
        Reply reply = handle(body == null ? new byte[0] : body, in.getHeader(Exchange.CONTENT_TYPE, String.class), signature);
        // request headers must not travel back as response headers
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(reply.json());
    }

    /**
     * Status and JSON body of the answer, and what it counts as: {@code stored}, {@code ignored}
     * (stored, of a model or action no flow syncs), {@code duplicate}, {@code ping}, or the reason
     * of a refusal.
     */
    public record Reply(int status, String json, String outcome) {
        static Reply of(int status, Map<String, Object> body, String outcome) {
            try {
                return new Reply(status, TogglApi.JSON.writeValueAsString(body), outcome);
            } catch (JsonProcessingException e) {
                return new Reply(status, "{}", outcome);
            }
        }

        /** The shared intake's error shape: a machine-readable reason and a message that quotes nothing from the body. */
        static Reply error(int status, String reason, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", reason);
            body.put("message", message);
            return of(status, body, reason);
        }

        static Reply error(WebhookRejection r) {
            return error(r.status(), r.reason(), r.getMessage());
        }
    }

    /** Handles one delivery and counts its outcome in the {@code bridge_webhook_*} metrics. */
    public Reply handle(byte[] body, String contentType, String signature) {
        Reply reply = check(body, contentType, signature);
        switch (reply.outcome()) {
            case "stored" -> metrics.accepted(TogglChanges.SOURCE);
            case "ignored" -> {
                metrics.accepted(TogglChanges.SOURCE);
                metrics.ignored(TogglChanges.SOURCE);
            }
            case "duplicate" -> metrics.duplicate(TogglChanges.SOURCE);
            case "ping" -> { }
            default -> metrics.rejected(TogglChanges.SOURCE, reply.outcome());
        }
        return reply;
    }

    /**
     * The checks run in the shared intake's order: size (413), content type (415), signature (401),
     * UTF-8 and strict JSON (400), event shape (400), age (409); then the event is stored.
     */
    private Reply check(byte[] body, String contentType, String signature) {
        if (body.length > maxBodyBytes) {
            return Reply.error(413, "body_too_large", "body larger than " + maxBodyBytes + " bytes");
        }
        try {
            WebhookIntake.requireJson(contentType);
        } catch (WebhookRejection r) {
            return Reply.error(r);
        }
        if (signature == null || signature.isBlank()) {
            return Reply.error(401, "signature_missing", "missing " + SIGNATURE_HEADER + " header");
        }
        if (!signatureMatches(body, signature)) {
            LOG.warn("Toggl webhook refused: signature mismatch ({} bytes)", body.length);
            return Reply.error(401, "signature_invalid", "signature mismatch");
        }
        String text;
        ObjectNode event;
        try {
            text = WebhookIntake.utf8(body);
            event = WebhookIntake.parseObject(text);
        } catch (WebhookRejection r) {
            return Reply.error(r);
        }
        if (isPing(event)) {
            JsonNode code = event.get("validation_code");
            if (code != null && (code.isTextual() || code.isNumber()) && !code.asText().isBlank()) {
                LOG.info("Toggl webhook PING with a validation code: answering it to validate subscription {}",
                        WebhookIntake.printable(event.path("subscription_id").asText()));
                return Reply.of(200, Map.of("validation_code", code.asText()), "ping");
            }
            return Reply.of(200, Map.of("status", "pong"), "ping");
        }
        Long eventId = positiveLong(event.get("event_id"));
        if (eventId == null) {
            return Reply.error(400, "invalid_event", "event_id missing or not a positive whole number");
        }
        JsonNode metadata = event.get("metadata");
        String model = metadata == null ? null : word(metadata.get("model"));
        String action = metadata == null ? null : word(metadata.get("action"));
        if (model == null || action == null) {
            return Reply.error(400, "invalid_event", "metadata.model and metadata.action are required (short words)");
        }
        Reply tooOld = checkAge(event, Instant.now());
        if (tooOld != null) {
            return tooOld;
        }
        CanonicalChange.Entity entity = TogglChanges.MODELS.get(model);
        boolean synced = entity != null && SYNCED_ACTIONS.contains(action);
        String rowId = event.get("payload") instanceof ObjectNode payload ? rowId(payload.get("id")) : null;
        if (synced && rowId == null) {
            return Reply.error(400, "invalid_event", "payload must be an object with an id");
        }
        // events of models or actions no flow syncs are stored too (lose nothing; the translator
        // gives no change for them) and acknowledged, so Toggl does not retry them
        String recordKey = rowId == null ? null
                : TogglChanges.SOURCE + ":" + (entity != null ? entity.wire() : model) + ":" + rowId;
        Inbox.Stored stored;
        try {
            stored = inbox.store(TogglChanges.SOURCE, String.valueOf(eventId), recordKey, Inbox.KIND_WEBHOOK, text);
        } catch (RuntimeException e) {
            LOG.error("Toggl webhook {} not stored: {}", eventId, e.getMessage());
            return Reply.error(503, "store_unavailable", "the bridge cannot store events right now; retry later");
        }
        if (!synced) {
            LOG.debug("Toggl webhook {} stored; {} {} is not synced", eventId, model, action);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", stored == Inbox.Stored.STORED ? "stored" : "duplicate");
        answer.put("event_id", eventId);
        return Reply.of(200, answer, stored == Inbox.Stored.DUPLICATE ? "duplicate" : synced ? "stored" : "ignored");
    }

    /**
     * Toggl signs no delivery time that is known to survive its (unpublished) retries, so "stale"
     * is judged on the event's {@code created_at} (else {@code timestamp}): within the replay
     * window the inbox still holds the event id and refuses a replay by it; an event older than
     * that, or as far ahead, could slip past a forgotten id and is refused (409). A body with
     * neither field is judged by its id alone.
     */
    private Reply checkAge(ObjectNode event, Instant now) {
        JsonNode at = event.hasNonNull("created_at") ? event.get("created_at") : event.get("timestamp");
        if (at == null || at.isNull()) {
            return null;
        }
        Instant created;
        try {
            if (!at.isTextual()) {
                throw new DateTimeParseException("not a string", at.toString(), 0);
            }
            created = OffsetDateTime.parse(at.asText().trim()).toInstant();
        } catch (DateTimeParseException e) {
            return Reply.error(400, "invalid_event", "created_at / timestamp is not an RFC 3339 date-time");
        }
        if (created.isBefore(now.minus(replayWindow))) {
            return Reply.error(409, "stale", "created_at is older than " + replayWindow.toDays() + " days");
        }
        if (created.isAfter(now.plus(replayWindow))) {
            return Reply.error(409, "future_timestamp", "created_at is more than " + replayWindow.toDays() + " days ahead");
        }
        return null;
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

    boolean signatureMatches(byte[] body, String header) {
        String value = header.trim();
        if (!value.regionMatches(true, 0, "sha256=", 0, 7)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(7).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), given);
    }

    private byte[] hmac(byte[] body) {
        return macs.get().doFinal(body); // doFinal resets the Mac for the next body
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
