package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelAuth.SCOPE_WRITE;
import static io.contactsbridge.sandbox.highlevel.SimRequests.body;
import static io.contactsbridge.sandbox.highlevel.SimRequests.json;
import static io.contactsbridge.sandbox.highlevel.SimRequests.ok;
import static io.contactsbridge.sandbox.highlevel.SimRequests.segments;
import static io.contactsbridge.sandbox.highlevel.SimRequests.sleep;
import static io.contactsbridge.sandbox.highlevel.SimRequests.withLimitHeaders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * How the simulator answers a request, in HighLevel's order of checks (see {@link HighLevelSimulator}):
 * the control endpoints, the token endpoint, then for an API route token, Version header, rate limit,
 * injected faults, scope, the reject marker, and the operation (applied and then failed, when asked).
 */
final class RequestPipeline {
    private final HighLevelFaults faults;
    private final HighLevelAuth auth;
    private final LocationRateLimiter limiter;
    private final WebhookSender webhooks;
    private final ContactsApiRoutes routes;

    RequestPipeline(HighLevelFaults faults, HighLevelAuth auth, LocationRateLimiter limiter, WebhookSender webhooks,
                    HighLevelData data) {
        this.faults = faults;
        this.auth = auth;
        this.limiter = limiter;
        this.webhooks = webhooks;
        this.routes = new ContactsApiRoutes(data);
    }

    SimResponse handle(SimRequest request) throws Exception {
        List<String> segments = segments(request.path());
        if (!segments.isEmpty() && segments.get(0).startsWith("_")) {
            return control(request, segments);
        }
        sleep(faults.latencyMs());
        if (segments.equals(List.of("oauth", "token"))) {
            return tokenEndpoint(request);
        }
        ContactsApiRoutes.Route route = routes.route(request.method(), segments);
        if (route == null) {
            return withLimitHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " " + request.path(), "Not Found")),
                    limiter.peek(HighLevelSimulator.LOCATION_ID));
        }
        Map<String, String> limitHeaders = limiter.peek(HighLevelSimulator.LOCATION_ID);
        try {
            HighLevelAuth.Grant grant = auth.authenticate(request);
            limitHeaders = limiter.peek(grant.locationId());
            String version = request.header("Version").orElse(null);
            if (version == null) {
                throw ApiError.badRequest("Version header was not found");
            }
            if (!HighLevelSimulator.VERSION.equals(version.trim())) {
                throw ApiError.badRequest("Version header is invalid, expected " + HighLevelSimulator.VERSION);
            }
            LocationRateLimiter.Decision decision = limiter.acquire(grant.locationId());
            limitHeaders = decision.headers();
            if (!decision.allowed()) {
                return withLimitHeaders(json(429, ApiError.body(429, "Too Many Requests", null)), limitHeaders)
                        .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            }
            SimResponse fault = injectedFault(grant.locationId());
            if (fault != null) {
                return withLimitHeaders(fault, limitHeaders);
            }
            if (!grant.scopes().contains(route.scope())) {
                throw ApiError.scopeMissing();
            }
            String marker = faults.rejectMarker();
            if (marker != null && route.scope().equals(SCOPE_WRITE) && request.bodyText().contains(marker)) {
                faults.count("reject");
                throw ApiError.unprocessable("rejected by the sandbox: the body contains the reject marker");
            }
            boolean applyThenFail = faults.roll(faults.applyThenFailRate());
            SimResponse response = route.handler().run(request, grant);
            if (applyThenFail) {
                faults.count("applyThenFail");
                response = json(500, ApiError.body(500, "Internal Server Error", null));
            }
            return withLimitHeaders(response, limitHeaders);
        } catch (ApiError e) {
            return withLimitHeaders(json(e.status(), e.body()), limitHeaders);
        }
    }

    private SimResponse tokenEndpoint(SimRequest request) {
        // oauth.json declares no Version header for /oauth/token, so none is required here
        Map<String, String> headers = limiter.peek(HighLevelSimulator.LOCATION_ID);
        if (!request.method().equals("POST")) {
            return withLimitHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " /oauth/token", "Not Found")), headers);
        }
        SimResponse fault = injectedFault(HighLevelSimulator.LOCATION_ID);
        if (fault != null) {
            return withLimitHeaders(fault, headers);
        }
        try {
            Map<String, Object> issued = auth.token(request);
            sleep(faults.tokenLatencyMs());
            return withLimitHeaders(json(200, issued), headers);
        } catch (ApiError e) {
            return withLimitHeaders(json(e.status(), e.body()), headers);
        }
    }

    /**
     * A fault to answer instead of running the request, or null. Nothing is applied when one fires;
     * a timeout with {@code timeoutsApply} only holds the request, which then runs (answered late).
     */
    private SimResponse injectedFault(String locationId) {
        int forced = faults.takeFailNext();
        if (forced > 0) {
            faults.count("failNext");
            return errorStatus(forced, locationId);
        }
        if (faults.roll(faults.timeoutRate())) {
            faults.count("timeout");
            sleep(faults.timeoutMs());
            return faults.timeoutsApply() ? null : errorStatus(504, locationId);
        }
        if (faults.roll(faults.errorRate())) {
            faults.count("5xx");
            int[] statuses = {500, 502, 503};
            return errorStatus(statuses[faults.pick(statuses.length)], locationId);
        }
        if (faults.roll(faults.rateLimitRate())) {
            faults.count("429");
            return errorStatus(429, locationId);
        }
        return null;
    }

    private SimResponse errorStatus(int status, String locationId) {
        String message = switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        SimResponse r = json(status, ApiError.body(status, message, null));
        return status == 429 || status == 503 ? r.withHeader("Retry-After", String.valueOf(limiter.secondsToWindowEnd(locationId))) : r;
    }

    // ------------------------------------------------------------------ control endpoints (sandbox only)

    private SimResponse control(SimRequest r, List<String> s) {
        String what = s.get(0) + (s.size() > 1 ? "/" + String.join("/", s.subList(1, s.size())) : "");
        try {
            switch (what + " " + r.method()) {
                case "_faults GET":
                    return ok(faults.toMap());
                case "_faults PUT":
                    faults.apply(body(r));
                    return ok(faults.toMap());
                case "_webhooks GET":
                    return ok(webhookInfo());
                case "_webhooks PUT": {
                    Map<String, Object> body = body(r);
                    Object url = body.get("url");
                    if (url != null && !(url instanceof String)) {
                        return json(400, ApiError.body(400, "url must be a string or null", "Bad Request"));
                    }
                    webhooks.url((String) url);
                    return ok(webhookInfo());
                }
                case "_webhooks DELETE":
                    webhooks.url(null);
                    return ok(webhookInfo());
                default:
                    return json(404, ApiError.body(404, "Cannot " + r.method() + " /" + what, "Not Found"));
            }
        } catch (IllegalArgumentException e) {
            return json(400, ApiError.body(400, e.getMessage(), "Bad Request"));
        } catch (ApiError e) {
            return json(e.status(), e.body());
        }
    }

    private Map<String, Object> webhookInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", webhooks.url());
        m.put("ed25519PublicKey", webhooks.ed25519PublicKeyPem());
        m.put("rsaPublicKey", webhooks.rsaPublicKeyPem());
        m.put("deliveries", webhooks.deliveries().size());
        return m;
    }
}
