package io.contactsbridge.connector.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.config.SecretMasker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending steps of a connector's operation routes: look a create up before it is sent again,
 * wait for the quota and put credentials and headers on the request, read the answer's status and
 * quota headers (renewing the credential once after a 401), and turn the answer into the parsed
 * body or the typed exception. Retries are Camel's redelivery around these steps
 * ({@link OperationRoutes}); a Retry-After becomes the next redelivery's delay.
 */
final class ApiSend {
    private static final Logger LOG = LoggerFactory.getLogger(ApiSend.class);
    static final String P = ApiClient.P;
    static final String SEND_ATTEMPTS = P + "sendAttempts";
    static final String MAY_HAVE_APPLIED = P + "mayHaveApplied";
    static final String NO_ANSWER_AT = P + "noAnswerAtNanos";
    static final String CREDENTIAL_USED = P + "credentialUsed";
    static final String STARTED = P + "startedNanos";
    static final String RESPONSE = P + "response";
    static final String RETRY_AFTER = P + "retryAfter";
    static final String RENEW_TRIED = P + "renewTried";
    static final String RENEWED = P + "renewed";
    static final String RETRY_AUTH = P + "retryAuth";
    static final String TICKET = P + "quotaTicket";
    static final String LOCATION = P + "location";
    /** The redelivery counters of Camel's error handler; removing them would retry forever. */
    private static final String[] KEEP = {Exchange.REDELIVERED, Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER};

    private final ApiClient client;
    private final ApiProfile profile;

    ApiSend(ApiClient client) {
        this.client = client;
        this.profile = client.profile();
    }

    /**
     * Before a create is sent again after a failure that may have applied it (no answer, 5xx), look
     * for what it would have created; if found, that is the answer and nothing is sent.
     */
    void recoverCreate(Exchange ex) {
        int attempts = ex.getProperty(SEND_ATTEMPTS, 0, Integer.class);
        ex.setProperty(SEND_ATTEMPTS, attempts + 1);
        ex.removeProperty(ApiClient.RECOVERED);
        ex.removeProperty(RENEW_TRIED); // each attempt may renew the credential once
        ex.removeProperty(RENEWED);
        ApiRequest req = request(ex);
        Instant earlierRun = attempts == 0 ? ex.getProperty(ApiClient.SENT_BEFORE, Instant.class) : null;
        boolean retrying = attempts > 0 && Boolean.TRUE.equals(ex.getProperty(MAY_HAVE_APPLIED, Boolean.class));
        if ((earlierRun == null && !retrying) || !profile.lookups().needed(req)) {
            return;
        }
        if (retrying) {
            awaitUnansweredRequest(ex);
        }
        Instant since = (earlierRun != null ? earlierRun : ex.getProperty(ApiClient.FIRST_ATTEMPT, Instant.class))
                .minus(Duration.ofMinutes(10));
        Object found = profile.lookups().find(req, since, client.operations());
        if (found != null) {
            LOG.warn("{}: the earlier attempt had been applied; answering with the record found instead of sending again",
                    req.operation().qualifiedName());
            ex.getIn().setBody(found);
            ex.setProperty(ApiClient.RECOVERED, true);
            ex.setProperty(ApiClient.STATUS, 201);
        } else {
            LOG.info("{}: the earlier attempt left nothing behind; sending again", req.operation().qualifiedName());
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
        long waitNanos = gaveUpAt + Duration.ofMillis(profile.http().responseTimeoutMillis()).toNanos() - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(Duration.ofNanos(waitNanos).toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoAnswer(call(ex), e);
            }
        }
    }

    /** Waits for the quota, then sets method, URI, query, credentials, fixed headers and the body. */
    void beforeHttp(Exchange ex) {
        ApiRequest req = request(ex);
        ApiOperation op = req.operation();
        QuotaGate.Ticket ticket;
        try {
            ticket = profile.quota().acquire(op, call(ex));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer(call(ex), e);
        }
        ex.setProperty(TICKET, ticket);
        String credential;
        try {
            credential = profile.tokens().credential();
        } catch (RuntimeException e) {
            profile.quota().failed(ticket); // nothing was sent
            // a token endpoint that asked us to wait (429 with Retry-After) is waited for like the API
            redeliverAfter(ex, e instanceof ApiException api ? api.retryAfterMillis() : 0);
            throw e;
        }
        ex.setProperty(CREDENTIAL_USED, credential);
        Message in = ex.getIn();
        in.removeHeaders("*", KEEP);
        profile.headers().forEach(in::setHeader);
        Map<?, ?> requestHeaders = ex.getProperty(ApiClient.REQUEST_HEADERS, Map.class);
        if (requestHeaders != null) {
            requestHeaders.forEach((k, v) -> in.setHeader(String.valueOf(k), v));
        }
        profile.tokens().apply(in, credential);
        in.setHeader(Exchange.HTTP_METHOD, op.method());
        in.setHeader(Exchange.HTTP_URI, profile.baseUrl(op) + req.path());
        if (!req.query().isEmpty()) {
            in.setHeader(Exchange.HTTP_QUERY, QueryValues.encode(req.query()));
        }
        if (req.form() != null) {
            Map<String, String> form = new LinkedHashMap<>(req.form());
            form.putAll(profile.tokens().formFields(credential));
            in.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            in.setBody(QueryValues.encodeForm(form));
        } else if (req.json() != null) {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(req.json());
        } else {
            in.setBody(null);
        }
        ex.setProperty(STARTED, System.nanoTime());
    }

    /**
     * The camel-http endpoint; DELETE with a body needs its own option. (The HTTP client's own
     * retries are off for the whole component: see {@link OperationRoutes}.)
     */
    String endpoint(Exchange ex) {
        ApiOperation op = request(ex).operation();
        String uri = profile.baseUrl(op) + "?throwExceptionOnFailure=false"
                + "&connectTimeout=" + profile.http().connectTimeoutMillis()
                + "&responseTimeout=" + profile.http().responseTimeoutMillis()
                + "&followRedirects=false";
        if ("DELETE".equals(op.method()) && op.hasBody()) {
            uri += "&deleteWithBody=true";
        }
        return uri;
    }

    /** Reads status and quota headers; on a renewable 401 renews the credential once per attempt. */
    void afterHttp(Exchange ex) {
        ApiRequest req = request(ex);
        Message in = ex.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = in.getBody(String.class);
        long wait = profile.quota().answered(ex.getProperty(TICKET, QuotaGate.Ticket.class), status,
                name -> in.getHeader(name, String.class));
        ex.setProperty(ApiClient.STATUS, status);
        ex.setProperty(RESPONSE, text);
        ex.setProperty(RETRY_AFTER, wait);
        if (status >= 300 && status < 400) {
            ex.setProperty(LOCATION, in.getHeader("Location", String.class));
        }
        client.metrics().record(req.operation().operationId(), String.valueOf(status),
                System.nanoTime() - ex.getProperty(STARTED, Long.class));
        boolean retry = false;
        if (profile.errors().renewable(status, text) && !Boolean.TRUE.equals(ex.getProperty(RENEW_TRIED, Boolean.class))) {
            ex.setProperty(RENEW_TRIED, true);
            retry = profile.tokens().renewAfterRejection(ex.getProperty(CREDENTIAL_USED, String.class));
            ex.setProperty(RENEWED, retry); // a static credential cannot be renewed: its 401 is final at once
        }
        ex.setProperty(RETRY_AUTH, retry);
    }

    /** No answer at all: typed, counted, and marked as possibly applied. */
    void noAnswer(Exchange ex) {
        ApiRequest req = request(ex);
        profile.quota().failed(ex.getProperty(TICKET, QuotaGate.Ticket.class));
        Throwable cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long started = ex.getProperty(STARTED, Long.class);
        client.metrics().record(req.operation().operationId(), "io", started == null ? 0 : System.nanoTime() - started);
        client.health().failed(0, req.operation().operationId(),
                "no answer: " + SecretMasker.mask(cause == null ? "unknown" : String.valueOf(cause.getMessage())));
        ex.setProperty(MAY_HAVE_APPLIED, true);
        ex.setProperty(NO_ANSWER_AT, System.nanoTime());
        redeliverAfter(ex, 0);
        throw new NoAnswer(call(ex), cause == null ? new IOException("unknown") : cause);
    }

    /** 2xx: the parsed body. Otherwise the typed exception for the status, with Retry-After as the next delay. */
    void interpret(Exchange ex) {
        ApiRequest req = request(ex);
        int status = ex.getProperty(ApiClient.STATUS, Integer.class);
        String text = ex.getProperty(RESPONSE, String.class);
        ex.removeProperty(RESPONSE);
        ex.removeProperty(CREDENTIAL_USED);
        boolean renewed = Boolean.TRUE.equals(ex.getProperty(RENEWED, Boolean.class));
        ex.removeProperty(RENEW_TRIED);
        ex.removeProperty(RENEWED);
        ex.removeProperty(NO_ANSWER_AT);
        Message in = ex.getIn();
        if (Boolean.TRUE.equals(ex.getProperty(ApiClient.FOLLOW, Boolean.class))) {
            // a paging may name the next page in the answer's headers
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            in.getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : String.valueOf(v)));
            ex.setProperty(ApiClient.PAGE_HEADERS, headers);
        }
        in.removeHeaders("*", KEEP);
        if (!ApiHealth.connectionProblem(status)) {
            client.health().answered(status);
        }
        if (status >= 200 && status < 300) {
            ApiException refused = profile.errors().refusedIn2xx(req.operation(), call(ex), status, text, renewed);
            ex.setProperty(MAY_HAVE_APPLIED, false);
            if (refused != null) {
                redeliverAfter(ex, 0);
                throw refused;
            }
            in.setBody(ApiClient.answer(text));
            return;
        }
        String location = ex.getProperty(LOCATION, String.class);
        ex.removeProperty(LOCATION);
        if (status >= 300 && status < 400 && location != null && !location.isBlank()) {
            // a redirect is answered, never followed: its target is for a person to open (an OAuth consent page)
            in.setBody(new LinkedHashMap<>(Map.of("status", status, "location", location)));
            ex.setProperty(MAY_HAVE_APPLIED, false);
            return;
        }
        long retryAfter = ex.getProperty(RETRY_AFTER, 0L, Long.class);
        redeliverAfter(ex, retryAfter);
        ex.setProperty(MAY_HAVE_APPLIED, status >= 500);
        String message = SecretMasker.mask(profile.errors().message(status, text));
        if (ApiHealth.connectionProblem(status)) {
            client.health().failed(status, req.operation().operationId(), message);
        }
        throw profile.errors().error(req.operation(), call(ex), status, message, text, retryAfter, renewed);
    }

    /**
     * The delay of Camel's next redelivery: what the API asked for (Retry-After), or with 0 the
     * configured exponential backoff. Camel reads it from this header.
     */
    private static void redeliverAfter(Exchange ex, long millis) {
        if (millis > 0) {
            ex.getIn().setHeader(Exchange.REDELIVERY_DELAY, millis);
        } else {
            ex.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    private ApiRequest request(Exchange ex) {
        return ex.getProperty(ApiClient.REQUEST, ApiRequest.class);
    }

    private ApiCall call(Exchange ex) {
        return profile.call(request(ex).operation().operationId());
    }
}
