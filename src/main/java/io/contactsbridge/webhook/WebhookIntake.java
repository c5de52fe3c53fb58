package io.contactsbridge.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.webhook.WebhookEvent;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookReply;
import io.contactsbridge.connector.webhook.WebhookRequest;
import io.contactsbridge.connector.webhook.WebhookText;
import io.contactsbridge.sync.Inbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared webhook intake: one processor behind every {@code POST /webhooks/<source>} route, with
 * the connector's {@link WebhookPolicy}. Checks, in this order, and answers with a short JSON error
 * without storing anything when one fails: body size (413, the declared Content-Length first),
 * content type (415), the policy's signature check over the raw bytes (401), UTF-8 and strict JSON
 * (400), the policy's reading of the event (handshakes answered here; shape 400, age 409). Then it
 * stores the raw body in the {@link Inbox} <em>before</em> answering, so an accepted event is never
 * lost; a repeated event id is stored once and answered as the policy says (HighLevel 409, Toggl
 * 200). A store that is down gives the policy's "retry later" answer (HighLevel 429, Toggl 503),
 * any other failure a plain 500. Every outcome is counted in {@link WebhookMetrics} and logged.
 */
public final class WebhookIntake implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    /**
     * Strict: a signed body must mean one thing, so duplicate keys and trailing data are refused;
     * nesting is bounded so a deep body cannot exhaust the stack.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    /** An answer and what it counts as: {@code stored}, {@code ignored}, {@code duplicate}, {@code handshake}, or a refusal's reason. */
    public record Outcome(WebhookReply reply, String counted) {
    }

    private final WebhookPolicy policy;
    private final Inbox inbox;
    private final int maxBodyBytes;
    private final WebhookMetrics metrics;

    public WebhookIntake(WebhookPolicy policy, Inbox inbox, int maxBodyBytes, WebhookMetrics metrics) {
        this.policy = policy;
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /** The intake for a connector's policy, with the bridge's inbox, size limit and metrics. */
    public static WebhookIntake create(CamelContext context, WebhookPolicy policy) {
        Settings settings = Settings.of(context);
        int max = settings.getInt(BridgeSettings.WEBHOOK_MAX_BODY_BYTES, BridgeSettings.DEFAULT_WEBHOOK_MAX_BODY_BYTES,
                1, 64 * 1024 * 1024);
        DataSource dataSource = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        if (dataSource == null) {
            throw new IllegalStateException("no " + KitBeans.DATA_SOURCE + " in the registry: webhooks need the state store");
        }
        // a policy that reads the state store (its subscriptions) gets the context
        CamelContextAware.trySetCamelContext(policy, context);
        WebhookMetrics metrics = new WebhookMetrics(context);
        WebhookHttpErrors.install(context, metrics, policy.source());
        return new WebhookIntake(policy, new Inbox(dataSource), max, metrics);
    }

    /**
     * The route's endpoint: POST only, the body read whole as bytes (useStreaming=false) so the
     * signature is checked over exactly what was sent. Bodies above {@code camel.server.max-body-size}
     * are refused by the HTTP server itself; set that a little above the intake's limit so this
     * intake answers 413 with a JSON error.
     */
    public static String endpointUri(String source) {
        return endpointUri(source, null);
    }

    /** {@link #endpointUri(String)}, with the policy's path parameter ({@code /webhooks/<source>/{name}}) when it has one. */
    public static String endpointUri(String source, String pathParameter) {
        String path = "/webhooks/" + source + (pathParameter == null ? "" : "/{" + pathParameter + "}");
        return "platform-http:" + path + "?httpMethodRestrict=POST&useStreaming=false";
    }

    public WebhookPolicy policy() {
        return policy;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Object declared = message.getHeader(Exchange.CONTENT_LENGTH);
        Object body = message.getBody();
        byte[] bytes = body == null ? new byte[0] : body instanceof byte[] b ? b : message.getBody(byte[].class);
        String pathValue = policy.pathParameter() == null ? null : message.getHeader(policy.pathParameter(), String.class);
        Outcome outcome = handle(declared == null ? null : declared.toString(), bytes == null ? new byte[0] : bytes,
                name -> message.getHeader(name, String.class), pathValue);
        WebhookReply reply = outcome.reply();
        // the reply replaces every request header, so nothing the sender sent (its signature) is echoed
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        reply.headers().forEach(message::setHeader);
        message.setBody(json(reply));
    }

    /** A reply's body as sent: JSON, the same for every answer of every webhook path. */
    static String json(WebhookReply reply) {
        try {
            return JSON.writeValueAsString(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a Map of strings and numbers always serialises
        }
    }

    /**
     * Handles one delivery and counts its outcome.
     *
     * @param contentLength the declared Content-Length, or null
     * @param headers       the request's headers by name (case-insensitive)
     */
    public Outcome handle(String contentLength, byte[] body, Function<String, String> headers) {
        return handle(contentLength, body, headers, null);
    }

    /** {@link #handle(String, byte[], Function)} with the value of the policy's path parameter. */
    public Outcome handle(String contentLength, byte[] body, Function<String, String> headers, String pathValue) {
        String source = policy.source();
        Outcome outcome;
        try {
            outcome = check(contentLength, body, headers, pathValue);
        } catch (WebhookRejection r) {
            LOG.info("{} webhook refused ({} {}): {}", source, r.status(), r.reason(), r.getMessage());
            outcome = new Outcome(WebhookReply.error(r.status(), r.reason(), r.getMessage()), r.reason());
        } catch (Inbox.InboxException e) {
            LOG.error("{} webhook not stored, answered so the sender retries: {}", source, storeProblem(e));
            outcome = new Outcome(policy.storeUnavailable(), "store_unavailable");
        } catch (RuntimeException e) {
            // a bug, not bad input: say so plainly (the fuzz tests make sure bad input never gets here)
            LOG.error("{} webhook failed unexpectedly", source, e);
            outcome = new Outcome(WebhookReply.error(500, "internal_error", "the event could not be processed"),
                    "internal_error");
        }
        switch (outcome.counted()) {
            case "stored" -> metrics.accepted(source);
            case "ignored" -> {
                metrics.accepted(source);
                metrics.ignored(source);
            }
            case "duplicate" -> metrics.duplicate(source);
            case "handshake" -> { }
            default -> metrics.rejected(source, outcome.counted());
        }
        return outcome;
    }

    private Outcome check(String contentLength, byte[] body, Function<String, String> headers, String pathValue) {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // the real length is checked below
            }
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        WebhookRequest request = new WebhookRequest(body, headers, Instant.now(), pathValue);
        Optional<WebhookReply> early = policy.beforeBody(request);
        if (early.isPresent()) {
            return new Outcome(early.get(), "handshake");
        }
        requireJson(headers.apply(Exchange.CONTENT_TYPE));
        policy.verify(request);
        String text = utf8(body);
        ObjectNode json = parseObject(text);
        WebhookEvent event = policy.read(request, json);
        if (event.reply() != null) {
            return new Outcome(policy.handshake(request, event), "handshake");
        }
        if (inbox.store(policy.source(), event.eventId(), event.recordKey(), Inbox.KIND_WEBHOOK, text) == Inbox.Stored.DUPLICATE) {
            LOG.info("{} webhook: event {} was already received; not stored again", policy.source(),
                    WebhookText.printable(event.eventId()));
            return new Outcome(policy.duplicate(event), "duplicate");
        }
        if (!event.synced()) {
            LOG.debug("{} webhook {} stored; type {} is not synced", policy.source(),
                    WebhookText.printable(event.eventId()), event.type());
        }
        return new Outcome(policy.accepted(event), event.synced() ? "stored" : "ignored");
    }

    private WebhookRejection tooLarge() {
        return new WebhookRejection(413, "body_too_large", "body larger than " + maxBodyBytes + " bytes");
    }

    /** {@code application/json} or any {@code application/*+json}, with or without parameters. */
    public static void requireJson(String contentType) {
        if (contentType != null) {
            String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"))) {
                return;
            }
        }
        throw new WebhookRejection(415, "unsupported_media_type", "Content-Type must be application/json");
    }

    /** The body as text; bytes that are not UTF-8 are refused (400), never replaced. */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejection.badRequest("malformed_json", "body is not UTF-8");
        }
    }

    /** Parses a JSON object; the error names the position only, never the body's text. */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw WebhookRejection.badRequest("malformed_json", "malformed JSON" + where);
        } catch (JacksonException e) {
            throw WebhookRejection.badRequest("malformed_json", "malformed JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw WebhookRejection.badRequest("malformed_json", "empty body");
        }
        if (!(node instanceof ObjectNode object)) {
            throw WebhookRejection.badRequest("invalid_event", "body must be a JSON object");
        }
        return object;
    }

    /** The database's complaint without anything from the event (the message names no values). */
    private static String storeProblem(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? "" : root.getMessage();
        return root.getClass().getSimpleName() + ": " + (msg.length() > 200 ? msg.substring(0, 200) + "..." : msg);
    }
}
