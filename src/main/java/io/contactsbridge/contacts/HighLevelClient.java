package io.contactsbridge.contacts;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.contacts.ContactsOperation.Paging;
import io.contactsbridge.contacts.ContactsOperation.Param;
import io.contactsbridge.ops.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the HighLevel operation routes ({@link ContactsRoutes}): prepare a request from
 * headers and body, pace and authorise it, read the answer into a Map or a typed exception, follow
 * pages, answer dry runs, and look a create up before it is sent again.
 */
public final class HighLevelClient {
    private static final Logger LOG = LoggerFactory.getLogger(HighLevelClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** API version header value for the Contacts API. */
    public static final String API_VERSION = "2021-07-28";
    /** Header that asks a list operation to follow every page. */
    public static final String FOLLOW_PAGES = "followPages";
    /** Set to true on the answer of a write that dry run did not send. */
    public static final String DRY_RUN_HEADER = "ContactsDryRun";
    /** Set to true when a create failed transiently, was looked up and found (not sent again). */
    public static final String CREATE_RECOVERED_HEADER = "ContactsCreateRecovered";
    /** Set to true when page following stopped at the highlevel.max-pages cap. */
    public static final String PAGES_TRUNCATED_HEADER = "ContactsPagesTruncated";
    /** HTTP status of the (last) answer. */
    public static final String STATUS_HEADER = "ContactsHttpStatus";

    static final String P = "highlevel.";
    static final String OPERATION = P + "operation";
    static final String REQUEST = P + "request";
    static final String CALLER_HEADERS = P + "callerHeaders";
    static final String DRY_RUN = P + "dryRun";
    static final String FOLLOW = P + "follow";
    static final String NEXT_PAGE = P + "nextPage";
    static final String PAGES = P + "pages";
    static final String ITEMS = P + "items";
    static final String TRUNCATED = P + "truncated";
    static final String FIRST_ATTEMPT = P + "firstAttempt";
    static final String SEND_ATTEMPTS = P + "sendAttempts";
    static final String MAY_HAVE_APPLIED = P + "mayHaveApplied";
    static final String RECOVERED = P + "recovered";
    static final String NO_ANSWER_AT = P + "noAnswerAtNanos";
    static final String TOKEN_USED = P + "tokenUsed";
    static final String STARTED = P + "startedNanos";
    static final String STATUS = P + "status";
    static final String RESPONSE = P + "response";
    static final String AUTH_RETRIED = P + "authRetried";
    static final String RETRY_AUTH = P + "retryAuth";
    static final String TICKET = P + "quotaTicket";
    /** Exchange property set by the connection check: the probe bypasses dry run and read-only. */
    public static final String PROBE = P + "probe";

    private final CamelContext context;
    private final HighLevelConfig config;
    private final TokenProvider tokens;
    private final QuotaPacer pacer;
    private final HighLevelMetrics metrics;
    private volatile ProducerTemplate template;

    HighLevelClient(CamelContext context, HighLevelConfig config, TokenProvider tokens, QuotaPacer pacer) {
        this.context = context;
        this.config = config;
        this.tokens = tokens;
        this.pacer = pacer;
        this.metrics = new HighLevelMetrics(context, pacer);
    }

    public HighLevelConfig config() {
        return config;
    }

    public TokenProvider tokens() {
        return tokens;
    }

    public QuotaPacer pacer() {
        return pacer;
    }

    HighLevelMetrics metrics() {
        return metrics;
    }

    /** The camel-http endpoint for an operation; DELETE with a body (remove-tags) needs its own option. */
    String httpEndpoint(ContactsOperation op) {
        String uri = config.baseUrl() + "?throwExceptionOnFailure=false"
                + "&connectTimeout=" + config.connectTimeoutMillis()
                + "&responseTimeout=" + config.responseTimeoutMillis();
        if ("DELETE".equals(op.method()) && op.hasBody()) {
            uri += "&deleteWithBody=true";
        }
        return uri;
    }

    // ---- operation route steps -----------------------------------------------------------

    /** Headers and body -> {@link HighLevelRequest}; decides dry run, read-only and paging. */
    void prepare(Exchange ex) {
        ContactsOperation op = ex.getProperty(OPERATION, ContactsOperation.class);
        Message in = ex.getIn();
        ex.setProperty(CALLER_HEADERS, new LinkedHashMap<>(in.getHeaders()));
        String path = op.pathTemplate();
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Param p : op.pathParams()) {
            String value = in.getHeader(p.name(), String.class);
            if (value == null || value.isBlank()) {
                throw new Invalid(op.operationId(), 0, "missing path parameter " + p.name() + " (give it as header '"
                        + p.name() + "')");
            }
            pathValues.put(p.name(), value);
            path = path.replace("{" + p.name() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Param p : op.queryParams()) {
            Object value = in.getHeader(p.name());
            String text = value == null ? null : asQueryValue(value);
            if ((text == null || text.isBlank()) && p.defaultsToLocation()) {
                text = config.locationId();
            }
            if (text == null || text.isBlank()) {
                if (p.required()) {
                    throw new Invalid(op.operationId(), 0, "missing query parameter " + p.name());
                }
                continue;
            }
            if ("number".equals(p.type()) && !text.matches("-?\\d+(\\.\\d+)?")) {
                throw new Invalid(op.operationId(), 0, "query parameter " + p.name() + " must be a number, not '" + text + "'");
            }
            query.put(p.name(), text);
        }
        Map<String, Object> body = null;
        String json = null;
        if (op.hasBody()) {
            body = bodyMap(op, in.getBody());
            if (op.bodyTakesLocation() && !body.containsKey("locationId")) {
                body.put("locationId", config.locationId());
            }
            json = toJson(body);
        }
        boolean follow = op.paging() != Paging.NONE && isTrue(in.getHeader(FOLLOW_PAGES));
        if (follow) {
            query.putIfAbsent("limit", "100");
            if (op.paging() == Paging.SKIP_LIMIT) {
                query.putIfAbsent("skip", "0");
            }
            ex.setProperty(NEXT_PAGE, true);
            ex.setProperty(PAGES, 0);
            ex.setProperty(ITEMS, new ArrayList<>());
        }
        ex.setProperty(FOLLOW, follow);
        ex.setProperty(REQUEST, new HighLevelRequest(op, path, query, pathValues, body, json));
        ex.setProperty(FIRST_ATTEMPT, Instant.now());
        boolean probe = Boolean.TRUE.equals(ex.getProperty(PROBE, Boolean.class));
        if (op.write() && !probe && config.dryRun()) {
            ex.setProperty(DRY_RUN, true);
        } else if (op.write() && !probe && config.readOnly()) {
            throw new ScopeMissing(op.operationId(), 0, ContactsOperation.WRITE_SCOPE,
                    "refused: the bridge runs read-only (" + HighLevelConfig.READ_ONLY + ")");
        }
    }

    /** The answer of a write in dry run: what would have been sent. */
    void dryRunAnswer(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", true);
        answer.put("operationId", req.operation().operationId());
        answer.put("request", req.body());
        answer.put("method", req.operation().method());
        answer.put("path", req.path());
        if (!req.query().isEmpty()) {
            answer.put("query", req.query());
        }
        ex.getIn().setBody(answer);
        LOG.info("dry run: {} {} {} not sent", req.operation().operationId(), req.operation().method(), req.path());
    }

    /** Collects one page of a followed list and prepares the next request (or stops). */
    @SuppressWarnings("unchecked")
    void collectPage(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        Map<String, Object> page = ex.getIn().getBody(Map.class);
        List<Object> items = ex.getProperty(ITEMS, List.class);
        int pages = ex.getProperty(PAGES, Integer.class) + 1;
        ex.setProperty(PAGES, pages);
        List<Object> contacts = page.get("contacts") instanceof List<?> l ? (List<Object>) l : List.of();
        items.addAll(contacts);
        ex.setProperty(P + "lastPage", page);
        Map<String, String> next = null;
        if (!contacts.isEmpty()) {
            if (req.operation().paging() == Paging.START_AFTER) {
                Map<String, Object> meta = page.get("meta") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                Object afterId = meta.get("startAfterId");
                Object after = meta.get("startAfter");
                boolean noNextUrl = meta.containsKey("nextPageUrl") && meta.get("nextPageUrl") == null;
                if (afterId != null && !noNextUrl && !Objects.equals(String.valueOf(afterId), req.query().get("startAfterId"))) {
                    next = new LinkedHashMap<>(req.query());
                    next.put("startAfterId", String.valueOf(afterId));
                    if (after != null) {
                        next.put("startAfter", asQueryValue(after));
                    } else {
                        next.remove("startAfter");
                    }
                }
            } else {
                next = new LinkedHashMap<>(req.query());
                long skip = Long.parseLong(req.query().getOrDefault("skip", "0"));
                next.put("skip", String.valueOf(skip + contacts.size()));
            }
        }
        if (next != null && pages >= config.maxPages()) {
            LOG.warn("{}: stopped following pages at the cap of {} ({}); the answer is incomplete",
                    req.operation().operationId(), config.maxPages(), HighLevelConfig.MAX_PAGES);
            ex.setProperty(TRUNCATED, true);
            next = null;
        }
        ex.setProperty(NEXT_PAGE, next != null);
        if (next != null) {
            ex.setProperty(REQUEST, req.withQuery(next));
        }
    }

    /** All collected pages as one answer: {@code contacts}, {@code count}, {@code pages}, {@code truncated}. */
    @SuppressWarnings("unchecked")
    void allPages(Exchange ex) {
        List<Object> items = ex.getProperty(ITEMS, List.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("contacts", items);
        answer.put("count", items.size());
        answer.put("pages", ex.getProperty(PAGES, Integer.class));
        answer.put("truncated", Boolean.TRUE.equals(ex.getProperty(TRUNCATED, Boolean.class)));
        ex.getIn().setBody(answer);
    }

    /** Gives the caller its own headers back, plus the markers of this call. */
    @SuppressWarnings("unchecked")
    void finish(Exchange ex) {
        Message in = ex.getIn();
        Object body = in.getBody();
        Map<String, Object> caller = ex.getProperty(CALLER_HEADERS, Map.class);
        in.removeHeaders("*");
        if (caller != null) {
            in.getHeaders().putAll(caller);
        }
        in.removeHeaders("Contacts(DryRun|CreateRecovered|PagesTruncated|HttpStatus)");
        if (Boolean.TRUE.equals(ex.getProperty(DRY_RUN, Boolean.class))) {
            in.setHeader(DRY_RUN_HEADER, true);
        }
        if (Boolean.TRUE.equals(ex.getProperty(RECOVERED, Boolean.class))) {
            in.setHeader(CREATE_RECOVERED_HEADER, true);
        }
        if (Boolean.TRUE.equals(ex.getProperty(TRUNCATED, Boolean.class))) {
            in.setHeader(PAGES_TRUNCATED_HEADER, true);
        }
        Integer status = ex.getProperty(STATUS, Integer.class);
        if (status != null) {
            in.setHeader(STATUS_HEADER, status);
        }
        in.setBody(body);
    }

    // ---- send route steps ------------------------------------------------------------------

    /**
     * Before a create is sent again after a failure that may have applied it (no answer, 5xx),
     * look for what it would have created; if found, that is the answer and nothing is sent.
     */
    void recoverCreate(Exchange ex) {
        int attempts = ex.getProperty(SEND_ATTEMPTS, 0, Integer.class);
        ex.setProperty(SEND_ATTEMPTS, attempts + 1);
        ex.removeProperty(RECOVERED);
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        ContactsOperation op = req.operation();
        if (!CreateLookup.needed(req) || attempts == 0 || !Boolean.TRUE.equals(ex.getProperty(MAY_HAVE_APPLIED, Boolean.class))) {
            return;
        }
        awaitUnansweredRequest(ex);
        Instant since = ex.getProperty(FIRST_ATTEMPT, Instant.class).minus(Duration.ofMinutes(10));
        Map<String, Object> found = CreateLookup.find(this, req, since);
        if (found != null) {
            LOG.warn("{}: the earlier attempt had been applied; answering with the record found instead of sending again",
                    op.operationId());
            ex.getIn().setBody(found);
            ex.setProperty(RECOVERED, true);
            ex.setProperty(STATUS, 201);
        } else {
            LOG.info("{}: the earlier attempt left nothing behind; sending again", op.operationId());
        }
    }

    /**
     * A request that got no answer may still be running at the server, and would land after a
     * lookup made right away: give it as long again as the bridge waited for its answer.
     */
    private void awaitUnansweredRequest(Exchange ex) {
        Long gaveUpAt = ex.getProperty(NO_ANSWER_AT, Long.class);
        if (gaveUpAt == null) {
            return;
        }
        long waitNanos = gaveUpAt + Duration.ofMillis(config.responseTimeoutMillis()).toNanos() - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(Duration.ofNanos(waitNanos).toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IoFailure(ex.getProperty(REQUEST, HighLevelRequest.class).operation().operationId(), e);
            }
        }
    }

    /** Waits for the quota, then sets method, URI, query, the four headers and the body. */
    void beforeHttp(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        ContactsOperation op = req.operation();
        QuotaPacer.Ticket ticket;
        try {
            ticket = pacer.acquire(config.locationId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IoFailure(op.operationId(), e);
        }
        ex.setProperty(TICKET, ticket);
        metrics.gaugeQuota(config.locationId());
        String token;
        try {
            token = tokens.accessToken();
        } catch (RuntimeException e) {
            pacer.complete(ticket); // nothing was sent
            throw e;
        }
        ex.setProperty(TOKEN_USED, token);
        Message in = ex.getIn();
        removeHeadersButRedelivery(in);
        in.setHeader("Authorization", "Bearer " + token);
        in.setHeader("Version", API_VERSION);
        in.setHeader("Accept", "application/json");
        in.setHeader(Exchange.HTTP_METHOD, op.method());
        in.setHeader(Exchange.HTTP_URI, config.baseUrl() + req.path());
        if (!req.query().isEmpty()) {
            in.setHeader(Exchange.HTTP_QUERY, encodeQuery(req.query()));
        }
        if (req.json() != null) {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(req.json());
        } else {
            in.setBody(null);
        }
        ex.setProperty(STARTED, System.nanoTime());
    }

    /** Reads status and quota headers; on a 401 (not a scope error) renews the token once. */
    void afterHttp(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        Message in = ex.getIn();
        pacer.complete(ex.getProperty(TICKET, QuotaPacer.Ticket.class));
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = in.getBody(String.class);
        ex.setProperty(STATUS, status);
        ex.setProperty(RESPONSE, text);
        metrics.record(req.operation().operationId(), String.valueOf(status),
                System.nanoTime() - ex.getProperty(STARTED, Long.class));
        pacer.observe(config.locationId(), intHeader(in, "X-RateLimit-Max"), longHeader(in, "X-RateLimit-Interval-Milliseconds"),
                intHeader(in, "X-RateLimit-Remaining"), intHeader(in, "X-RateLimit-Daily-Remaining"));
        if (status == 429 || status == 503) {
            long wait = HighLevelResponses.retryAfterMillis(in.getHeader("Retry-After", String.class),
                    status == 429 ? pacer.intervalMillis(config.locationId()) : 0);
            ex.setProperty(P + "retryAfter", wait);
            pacer.blockFor(config.locationId(), wait);
        }
        boolean retry = false;
        if (status == 401 && !isScopeError(text) && !Boolean.TRUE.equals(ex.getProperty(AUTH_RETRIED, Boolean.class))) {
            ex.setProperty(AUTH_RETRIED, true);
            retry = tokens.renewAfterRejection(ex.getProperty(TOKEN_USED, String.class));
        }
        ex.setProperty(RETRY_AUTH, retry);
    }

    /** No answer at all: typed, counted, and marked as possibly applied. */
    void ioFailure(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        pacer.complete(ex.getProperty(TICKET, QuotaPacer.Ticket.class));
        Throwable cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long started = ex.getProperty(STARTED, Long.class);
        metrics.record(req.operation().operationId(), "io", started == null ? 0 : System.nanoTime() - started);
        ex.setProperty(MAY_HAVE_APPLIED, true);
        ex.setProperty(NO_ANSWER_AT, System.nanoTime());
        throw new IoFailure(req.operation().operationId(), cause == null ? new java.io.IOException("unknown") : cause);
    }

    /** 2xx: the parsed body as a Map. Otherwise the typed exception for the status. */
    void interpret(Exchange ex) {
        HighLevelRequest req = ex.getProperty(REQUEST, HighLevelRequest.class);
        String op = req.operation().operationId();
        int status = ex.getProperty(STATUS, Integer.class);
        String text = ex.getProperty(RESPONSE, String.class);
        ex.removeProperty(RESPONSE);
        ex.removeProperty(TOKEN_USED);
        ex.removeProperty(AUTH_RETRIED);
        removeHeadersButRedelivery(ex.getIn());
        Map<String, Object> json = parseObject(text);
        ex.removeProperty(NO_ANSWER_AT);
        if (status >= 200 && status < 300) {
            ex.getIn().setBody(json);
            ex.setProperty(MAY_HAVE_APPLIED, false);
            return;
        }
        String message = SecretMasker.mask(HighLevelResponses.message(json, text, status));
        ex.setProperty(MAY_HAVE_APPLIED, status >= 500);
        switch (status) {
            case 400, 422 -> throw new Invalid(op, status, message);
            case 401 -> {
                if (isScopeError(text)) {
                    throw new ScopeMissing(op, status, req.operation().scope(), message);
                }
                throw new Unauthorized(op, message + (tokens instanceof OAuthTokenProvider
                        ? " (refused again after a token refresh)" : " (check HIGHLEVEL_TOKEN)"));
            }
            case 403 -> throw new ScopeMissing(op, status, req.operation().scope(), message);
            case 404 -> throw new NotFound(op, status, message);
            case 429 -> throw new RateLimited(op, message, ex.getProperty(P + "retryAfter", 0L, Long.class));
            default -> {
                if (status >= 500) {
                    throw new ServerError(op, status, message);
                }
                throw new Invalid(op, status, "unexpected answer: " + message);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** The error handler counts redeliveries in these headers: removing them would retry forever. */
    private static void removeHeadersButRedelivery(Message in) {
        in.removeHeaders("*", Exchange.REDELIVERED, Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER);
    }

    ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }

    /** HighLevel says "The token is not authorized for this scope." on a 401 for a missing scope. */
    static boolean isScopeError(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("scope");
    }

    static String encodeQuery(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        query.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8).replace("+", "%20")).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return sb.toString();
    }

    private static String asQueryValue(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        if (value instanceof java.math.BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value).trim();
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString().trim());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> bodyMap(ContactsOperation op, Object body) {
        if (body == null) {
            throw new Invalid(op.operationId(), 0, "a body (" + op.bodySchema() + ") is required");
        }
        try {
            Object value = body;
            if (body instanceof byte[] bytes) {
                value = new String(bytes, StandardCharsets.UTF_8);
            } else if (body instanceof InputStream stream) {
                value = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (value instanceof String s) {
                if (s.isBlank()) {
                    throw new Invalid(op.operationId(), 0, "a body (" + op.bodySchema() + ") is required");
                }
                value = JSON.readValue(s, Object.class);
            }
            if (value instanceof Map<?, ?> m) {
                return new LinkedHashMap<>((Map<String, Object>) m);
            }
            Object converted = JSON.convertValue(value, Object.class);
            if (converted instanceof Map<?, ?> m) {
                return new LinkedHashMap<>((Map<String, Object>) m);
            }
            throw new Invalid(op.operationId(), 0, "the body must be a JSON object (" + op.bodySchema() + ")");
        } catch (JsonProcessingException e) {
            throw new Invalid(op.operationId(), 0, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new Invalid(op.operationId(), 0, "the body could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Invalid(op.operationId(), 0, "the body must be a JSON object (" + op.bodySchema() + ")");
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Tolerant: a non-JSON or non-object body becomes an empty map (the raw text is kept for messages). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Object o = JSON.readValue(text, Object.class);
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>(Map.of("value", o));
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>();
        }
    }

    private static Integer intHeader(Message in, String name) {
        Long l = longHeader(in, name);
        return l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
    }

    private static Long longHeader(Message in, String name) {
        Object v = in.getHeader(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant parseInstant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(value.toString());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
