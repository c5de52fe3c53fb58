package io.contactsbridge.connector.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.connector.http.ApiOperation.Param;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector's API client on Camel: the operation routes' own steps (headers and body into a
 * request, dry run, following pages, handing the caller its headers back); the sending steps are in
 * {@link ApiSend}. Bound in the registry as {@code <connector>.api} ({@link ApiProfile#clientBean}).
 */
public final class ApiClient {
    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Header that asks a list operation to follow every page. */
    public static final String FOLLOW_PAGES = "followPages";
    /** Set to true on the answer of a write that dry run did not send. */
    public static final String DRY_RUN_HEADER = "ApiDryRun";
    /** Set to true when a create failed transiently, was looked up and found (not sent again). */
    public static final String CREATE_RECOVERED_HEADER = "ApiCreateRecovered";
    /**
     * Caller header: an earlier attempt (before a crash or a lost answer) may have sent this create
     * at the given instant; the create looks its record up first and answers with it when found.
     */
    public static final String CREATE_SENT_BEFORE_HEADER = "ApiCreateSentBefore";
    /** Set to true when page following stopped at the {@code <prefix>.max-pages} cap. */
    public static final String PAGES_TRUNCATED_HEADER = "ApiPagesTruncated";
    /** HTTP status of the (last) answer. */
    public static final String STATUS_HEADER = "ApiHttpStatus";
    /** Exchange property: a connection check's probe, sent even in dry run and read-only mode. */
    public static final String PROBE = "api.probe";

    static final String P = "api.";
    static final String OPERATION = P + "operation";
    static final String REQUEST = P + "request";
    /** Values of the operation's header parameters, sent as request headers. */
    static final String REQUEST_HEADERS = P + "requestHeaders";
    static final String CALLER_HEADERS = P + "callerHeaders";
    static final String DRY_RUN = P + "dryRun";
    static final String FOLLOW = P + "follow";
    static final String NEXT_PAGE = P + "nextPage";
    static final String PAGE_HEADERS = P + "pageHeaders";
    static final String PAGES = P + "pages";
    static final String ITEMS = P + "items";
    static final String TRUNCATED = P + "truncated";
    static final String FIRST_ATTEMPT = P + "firstAttempt";
    static final String RECOVERED = P + "recovered";
    static final String SENT_BEFORE = P + "sentBefore";
    static final String STATUS = P + "status";

    private final ApiProfile profile;
    private final Operations operations;
    private final ApiMetrics metrics;
    private final ApiHealth health = new ApiHealth();

    ApiClient(CamelContext context, ApiProfile profile) {
        this.profile = profile;
        this.operations = new Operations(context, profile);
        this.metrics = new ApiMetrics(context, profile);
    }

    public ApiProfile profile() {
        return profile;
    }

    public Operations operations() {
        return operations;
    }

    /** How the API has been answering lately (the operations console's connection state). */
    public ApiHealth health() {
        return health;
    }

    ApiMetrics metrics() {
        return metrics;
    }

    /** Where this client's meters are (the bridge's Prometheus registry, or a private one on the command line). */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Headers and body -> {@link ApiRequest}; decides dry run, read-only and paging. */
    void prepare(Exchange ex) {
        ApiOperation op = ex.getProperty(OPERATION, ApiOperation.class);
        Message in = ex.getIn();
        ex.setProperty(CALLER_HEADERS, new LinkedHashMap<>(in.getHeaders()));
        String sentBefore = in.getHeader(CREATE_SENT_BEFORE_HEADER, String.class);
        if (sentBefore != null) {
            ex.setProperty(SENT_BEFORE, Instant.parse(sentBefore));
            ((Map<?, ?>) ex.getProperty(CALLER_HEADERS)).remove(CREATE_SENT_BEFORE_HEADER);
        }
        String path = op.path();
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Param p : op.pathParams()) {
            String value = value(in, p);
            if (value == null) {
                throw invalid(op, "missing path parameter " + p.name() + " (give it as header '" + p.name() + "')");
            }
            check(op, p, value);
            pathValues.put(p.name(), value);
            path = path.replace("{" + p.name() + "}", QueryValues.component(value));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Param p : op.queryParams()) {
            String value = value(in, p);
            if (value == null) {
                if (p.required()) {
                    throw invalid(op, "missing query parameter " + p.name());
                }
                continue;
            }
            check(op, p, value);
            query.put(p.name(), value);
        }
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        for (Param p : op.headerParams()) {
            String value = value(in, p);
            if (value == null) {
                if (p.required()) {
                    throw invalid(op, "missing header parameter " + p.name());
                }
                continue;
            }
            requestHeaders.put(p.name(), value);
        }
        ex.setProperty(REQUEST_HEADERS, requestHeaders);
        Map<String, String> form = null;
        if (op.sendsForm()) {
            form = new LinkedHashMap<>();
            for (Param p : op.formParams()) {
                String value = formValue(in, p);
                if (value == null) {
                    if (p.required()) {
                        throw invalid(op, "missing form field " + p.name() + " (give it as header '" + p.name() + "')");
                    }
                    continue;
                }
                check(op, p, value);
                form.put(p.name(), value);
            }
        }
        Map<String, Object> body = null;
        String json = null;
        if (op.hasBody()) {
            body = bodyMap(op, in.getBody());
            for (String field : op.bodyDefaults()) {
                if (!body.containsKey(field) && profile.defaults().get(field) != null) {
                    body.put(field, profile.defaults().get(field));
                }
            }
            json = toJson(body);
        }
        boolean follow = op.pages() && isTrue(in.getHeader(FOLLOW_PAGES));
        if (follow) {
            query = op.paging().first(query);
            ex.setProperty(NEXT_PAGE, true);
            ex.setProperty(PAGES, 0);
            ex.setProperty(ITEMS, new ArrayList<>());
        }
        ex.setProperty(FOLLOW, follow);
        ex.setProperty(REQUEST, new ApiRequest(op, path, query, pathValues, body, json, form));
        ex.setProperty(FIRST_ATTEMPT, Instant.now());
        boolean probe = Boolean.TRUE.equals(ex.getProperty(PROBE, Boolean.class));
        if (op.write() && !probe && profile.http().dryRun()) {
            ex.setProperty(DRY_RUN, true);
        } else if (op.write() && !probe && profile.http().readOnly()) {
            throw new ScopeMissing(profile.call(op.operationId()), 0, op.scope() == null ? "write" : op.scope(),
                    "refused: the bridge runs read-only (" + profile.http().readOnlyKey() + ")");
        }
    }

    /** The header named like the spec ({@code client_id}), or in camelCase ({@code clientId}); else the default. */
    private String value(Message in, Param p) {
        Object v = in.getHeader(p.name());
        if (v == null && p.name().indexOf('_') > 0) {
            v = in.getHeader(camel(p.name()));
        }
        String text = v == null ? null : QueryValues.text(v);
        if ((text == null || text.isBlank()) && p.defaultKey() != null) {
            text = profile.defaults().get(p.defaultKey());
        }
        return text == null || text.isBlank() ? null : text;
    }

    /** A form field's value: a Map or list header as JSON text (TimeTonic's {@code fieldValues}), else like {@link #value}. */
    private String formValue(Message in, Param p) {
        Object v = in.getHeader(p.name());
        if (v instanceof Map<?, ?> || v instanceof java.util.Collection<?>) {
            return toJson(v);
        }
        return value(in, p);
    }

    private void check(ApiOperation op, Param p, String value) {
        if ("integer".equals(p.type()) && !value.matches("-?\\d+")) {
            throw invalid(op, "parameter " + p.name() + " must be a whole number, not '" + value + "'");
        }
        if ("number".equals(p.type()) && !value.matches("-?\\d+(\\.\\d+)?")) {
            throw invalid(op, (p.in() == ApiOperation.In.QUERY ? "query " : "") + "parameter " + p.name()
                    + " must be a number, not '" + value + "'");
        }
    }

    private Invalid invalid(ApiOperation op, String message) {
        return new Invalid(profile.call(op.operationId()), 0, message);
    }

    /** The answer of a write in dry run: what would have been sent. */
    void dryRunAnswer(Exchange ex) {
        ApiRequest req = ex.getProperty(REQUEST, ApiRequest.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", true);
        answer.put("operationId", req.operation().operationId());
        answer.put("request", req.form() != null ? req.form() : req.body());
        answer.put("method", req.operation().method());
        answer.put("path", req.path());
        if (!req.query().isEmpty()) {
            answer.put("query", req.query());
        }
        ex.getIn().setBody(answer);
        LOG.info("dry run: {} {} {} not sent", req.operation().qualifiedName(), req.operation().method(), req.path());
    }

    /** Collects one page of a followed list and prepares the next request (or stops). */
    @SuppressWarnings("unchecked")
    void collectPage(Exchange ex) {
        ApiRequest req = ex.getProperty(REQUEST, ApiRequest.class);
        Paging paging = req.operation().paging();
        Object page = ex.getIn().getBody();
        List<Object> items = ex.getProperty(ITEMS, List.class);
        int pages = ex.getProperty(PAGES, Integer.class) + 1;
        ex.setProperty(PAGES, pages);
        List<Object> pageItems = paging.items(page);
        items.addAll(pageItems);
        Map<String, String> headers = ex.getProperty(PAGE_HEADERS, Map.class);
        ApiRequest next = paging.next(req, page, pageItems, name -> headers == null ? null : headers.get(name));
        if (next != null && pages >= profile.http().maxPages()) {
            LOG.warn("{}: stopped following pages at the cap of {} ({}.max-pages); the answer is incomplete",
                    req.operation().qualifiedName(), profile.http().maxPages(), profile.connector());
            ex.setProperty(TRUNCATED, true);
            next = null;
        }
        ex.setProperty(NEXT_PAGE, next != null);
        if (next != null) {
            ex.setProperty(REQUEST, next);
        }
    }

    /** All collected pages as one answer: the items under the paging's key, {@code count}, {@code pages}, {@code truncated}. */
    @SuppressWarnings("unchecked")
    void allPages(Exchange ex) {
        ApiRequest req = ex.getProperty(REQUEST, ApiRequest.class);
        List<Object> items = ex.getProperty(ITEMS, List.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(req.operation().paging().itemsKey(), items);
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
        in.removeHeaders("Api(DryRun|CreateRecovered|PagesTruncated|HttpStatus)");
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

    // ---- helpers -----------------------------------------------------------------------------

    static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString().trim());
    }

    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> bodyMap(ApiOperation op, Object body) {
        String schema = op.bodySchema();
        if (body == null) {
            throw invalid(op, "a body (" + schema + ") is required");
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
                    throw invalid(op, "a body (" + schema + ") is required");
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
            throw invalid(op, "the body must be a JSON object (" + schema + ")");
        } catch (JsonProcessingException e) {
            throw invalid(op, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(op, "the body could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(op, "the body must be a JSON object (" + schema + ")");
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A successful answer: its JSON value (object, array, string literal), an empty object for an
     * empty body, the text itself for a body that is not JSON (a plain "OK").
     */
    static Object answer(String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<String, Object>();
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
