package io.contactsbridge.toggl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.contactsbridge.sync.Inbox;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/toggl}: checks {@code X-Webhook-Signature-256} over the raw body bytes
 * (constant-time), answers PINGs (echoing the validation code so the subscription validates at
 * once), and stores every data event in the inbox before answering 2xx. A repeated event id is
 * acknowledged and not stored again. Bad input gets a 4xx JSON error; only a store that is down
 * gives 503 (Toggl then retries).
 */
public class TogglWebhookReceiver implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWebhookReceiver.class);
    public static final String PATH = "/webhooks/toggl";
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature-256";

    private final byte[] secret;
    private final Inbox inbox;
    private final int maxBodyBytes;

    public TogglWebhookReceiver(String secret, Inbox inbox, int maxBodyBytes) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String signature = in.getHeader(SIGNATURE_HEADER, String.class);
        byte[] body = in.getBody(byte[].class);
        Reply reply = handle(body == null ? new byte[0] : body, signature);
        // request headers must not travel back as response headers
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(reply.json());
    }

    /** Status and JSON body of the answer. */
    public record Reply(int status, String json) {
        static Reply of(int status, Map<String, Object> body) {
            try {
                return new Reply(status, TogglApi.JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                return new Reply(status, "{}");
            }
        }

        static Reply error(int status, String message) {
            return of(status, Map.of("error", message));
        }
    }

    public Reply handle(byte[] body, String signature) {
        if (body.length > maxBodyBytes) {
            return Reply.error(413, "body larger than " + maxBodyBytes + " bytes");
        }
        if (signature == null || signature.isBlank()) {
            return Reply.error(401, "missing " + SIGNATURE_HEADER + " header");
        }
        if (!signatureMatches(body, signature)) {
            LOG.warn("Toggl webhook refused: signature mismatch ({} bytes)", body.length);
            return Reply.error(401, "signature mismatch");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, Object> event;
        try {
            event = TogglChangeTranslator.parse(text);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        if (TogglChangeTranslator.isPing(event)) {
            Object code = event.get("validation_code");
            if (code != null && !String.valueOf(code).isBlank()) {
                LOG.info("Toggl webhook PING with a validation code: answering it to validate subscription {}",
                        event.get("subscription_id"));
                return Reply.of(200, Map.of("validation_code", String.valueOf(code)));
            }
            return Reply.of(200, Map.of("status", "pong"));
        }
        Long eventId = TogglChangeTranslator.asLong(event.get("event_id"));
        if (eventId == null) {
            return Reply.error(400, "event_id missing or not a number");
        }
        if (!(event.get("metadata") instanceof Map<?, ?> metadata) || metadata.get("model") == null
                || metadata.get("action") == null) {
            return Reply.error(400, "metadata.model and metadata.action are required");
        }
        String model = String.valueOf(metadata.get("model")).toLowerCase(Locale.ROOT);
        String action = String.valueOf(metadata.get("action")).toLowerCase(Locale.ROOT);
        if (!TogglChanges.MODELS.containsKey(model)) {
            // e.g. workspace_user, project_group: acknowledged so Toggl does not retry, nothing to sync
            return Reply.of(200, Map.of("status", "ignored", "model", model));
        }
        if (!action.equals("created") && !action.equals("updated") && !action.equals("deleted")) {
            return Reply.error(400, "unknown metadata.action '" + action + "'");
        }
        if (!(event.get("payload") instanceof Map<?, ?> payload) || payload.get("id") == null) {
            return Reply.error(400, "payload must be an object with an id");
        }
        String recordKey = TogglChanges.SOURCE + ":" + TogglChanges.MODELS.get(model).wire() + ":" + payload.get("id");
        Inbox.Stored stored;
        try {
            stored = inbox.store(TogglChanges.SOURCE, String.valueOf(eventId), recordKey, Inbox.KIND_WEBHOOK, text);
        } catch (RuntimeException e) {
            LOG.error("Toggl webhook {} not stored: {}", eventId, e.getMessage());
            return Reply.error(503, "the bridge cannot store events right now; retry later");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", stored == Inbox.Stored.STORED ? "stored" : "duplicate");
        answer.put("event_id", eventId);
        return Reply.of(200, answer);
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
