package io.contactsbridge.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
import io.contactsbridge.config.Settings;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sync.Inbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared webhook intake: one processor behind every {@code POST /webhooks/<source>} route.
 * Checks, in this order, and answers with a short JSON error without storing anything when one
 * fails: body size (413), content type (415), signature over the raw bytes (401, by the
 * connector's {@link WebhookHandler}), JSON parse (400), the handler's own checks such as the
 * timestamp (400/409). Then it stores the raw body in the {@link Inbox} <em>before</em> answering
 * 200, so an accepted event is never lost; the inbox's unique (source, event id) refuses a replayed
 * id with 409. A store failure (database down) is the only 5xx: 503, so the sender retries.
 *
 * <p>Use: {@code from(WebhookIntake.endpointUri("toggl")).routeId("toggl-webhook")
 * .process(WebhookIntake.create(getContext(), handler))}.
 */
public final class WebhookIntake implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    public static final String MAX_BODY_BYTES = "bridge.webhook.max-body-bytes";
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Retry-After sent with 503 (seconds). */
    static final String RETRY_AFTER_SECONDS = "30";

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

    private final WebhookHandler handler;
    private final Inbox inbox;
    private final int maxBodyBytes;
    private final WebhookMetrics metrics;

    public WebhookIntake(WebhookHandler handler, Inbox inbox, int maxBodyBytes, WebhookMetrics metrics) {
        this.handler = handler;
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /** The intake for a connector's handler, with the bridge's inbox, size limit and metrics. */
    public static WebhookIntake create(CamelContext context, WebhookHandler handler) {
        Settings settings = Settings.of(context);
        int max = settings.getInt(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, 64 * 1024 * 1024);
        DataSource dataSource = context.getRegistry().lookupByNameAndType(Bridge.DATA_SOURCE_BEAN, DataSource.class);
        if (dataSource == null) {
            throw new IllegalStateException("no " + Bridge.DATA_SOURCE_BEAN + " in the registry: webhooks need the state store");
        }
        WebhookMetrics metrics = new WebhookMetrics(context);
        WebhookHttpErrors.install(context, metrics, handler.source());
        return new WebhookIntake(handler, new Inbox(dataSource), max, metrics);
    }

    /**
     * JSON errors (413, 415, 400) for {@code /webhooks/<source>} requests the HTTP server refuses
     * before the route sees them, for a receiver that does not use this intake.
     */
    public static void installHttpErrors(CamelContext context, String source) {
        WebhookHttpErrors.install(context, new WebhookMetrics(context), source);
    }

    /**
     * The route's endpoint: POST only, the body read whole as bytes (useStreaming=false) so the
     * signature is checked over exactly what was sent. Bodies above {@code camel.server.max-body-size}
     * are refused by the HTTP server itself; set that a little above {@link #MAX_BODY_BYTES} so this
     * intake answers 413 with a JSON error.
     */
    public static String endpointUri(String source) {
        return "platform-http:/webhooks/" + source + "?httpMethodRestrict=POST&useStreaming=false";
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String source = handler.source();
        try {
            byte[] body = rawBody(message);
            requireJson(message.getHeader(Exchange.CONTENT_TYPE, String.class));
            WebhookRequest request = new WebhookRequest(body, name -> message.getHeader(name, String.class), Instant.now());
            handler.verify(request);
            String text = utf8(body);
            ObjectNode json = parseObject(text);
            WebhookEvent event = handler.read(request, json);
            if (event.reply() != null) {
                reply(message, 200, event.reply());
                return;
            }
            if (inbox.store(source, event.eventId(), event.recordKey(), Inbox.KIND_WEBHOOK, text) == Inbox.Stored.DUPLICATE) {
                metrics.duplicate(source);
                LOG.info("{} webhook refused (409 duplicate): event {} was already received", source, printable(event.eventId()));
                reply(message, 409, error("duplicate", "event " + printable(event.eventId()) + " was already received"));
                return;
            }
            metrics.accepted(source);
            if (!event.synced()) {
                metrics.ignored(source);
                LOG.debug("{} webhook {} stored; type {} is not synced", source, printable(event.eventId()), event.type());
            }
            reply(message, 200, Map.of("status", "accepted"));
        } catch (WebhookRejection r) {
            metrics.rejected(source, r.reason());
            LOG.info("{} webhook refused ({} {}): {}", source, r.status(), r.reason(), r.getMessage());
            reply(message, r.status(), error(r.reason(), r.getMessage()));
        } catch (Inbox.InboxException e) {
            metrics.rejected(source, "store_unavailable");
            LOG.error("{} webhook not stored, answered 503 so the sender retries: {}", source, storeProblem(e));
            reply(message, 503, error("store_unavailable", "the event could not be stored; retry later"));
            message.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        } catch (RuntimeException e) {
            // a bug, not bad input: say so plainly (the fuzz tests make sure bad input never gets here)
            metrics.rejected(source, "internal_error");
            LOG.error("{} webhook failed unexpectedly", source, e);
            reply(message, 500, error("internal_error", "the event could not be processed"));
        }
    }

    private byte[] rawBody(Message message) {
        Object declared = message.getHeader(Exchange.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.toString().trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // the real length is checked below
            }
        }
        Object body = message.getBody();
        byte[] bytes = body == null ? new byte[0]
                : body instanceof byte[] b ? b : message.getBody(byte[].class);
        if (bytes == null) {
            bytes = new byte[0];
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        return bytes;
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

    private static Map<String, Object> error(String reason, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", reason);
        m.put("message", message);
        return m;
    }

    /** The reply replaces every request header, so nothing the sender sent (its signature) is echoed. */
    private static void reply(Message message, int status, Map<String, Object> body) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a Map of strings always serialises
        }
    }

    /**
     * A value from the body made safe for a log line or an error message: printable ASCII, at most
     * 80 characters.
     */
    public static String printable(String value) {
        if (value == null) {
            return "-";
        }
        String s = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return s.replaceAll("[^\\x20-\\x7E]", "?");
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
