package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.json;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.segments;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.withHeaders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * What happens to one request to the HighLevel simulator. Order of checks for an API request (it
 * matters to clients that probe): unknown route 404 → bearer token 401 (kit {@link Auth}) →
 * {@code Version} header 400 → rate limit 429 (the request counts from here on) → injected faults (kit
 * {@link Faults}) → scope 401 (before any lookup, so a write with a read-only token is a scope error
 * even for a contact that does not exist) → reject marker 422 → the operation (body checks 422,
 * location 403, lookup 404) → apply-then-fail. Every answer carries the five rate-limit headers.
 *
 * <p>Sandbox-only control endpoints (no auth): {@code <root>/_faults} and {@code <root>/_webhooks}
 * ({@code {"url": "..."}}); {@code POST /oauth/token} is answered by {@link HighLevelAuth}, the
 * marketplace consent step {@code GET /oauth/chooselocation} by {@link ConsentPage}.
 */
final class HighLevelPipeline {
    private final HighLevelFaults faults;
    private final HighLevelAuth auth;
    private final LocationRateLimiter limiter;
    private final HighLevelRoutes routes;
    private final ConsentPage consent;
    private final ControlEndpoints controls;

    HighLevelPipeline(HighLevelFaults faults, HighLevelAuth auth, LocationRateLimiter limiter, HighLevelRoutes routes,
                      WebhookSender webhooks, ConsentPage consent) {
        this.consent = consent;
        this.faults = faults;
        this.auth = auth;
        this.limiter = limiter;
        this.routes = routes;
        this.controls = new ControlEndpoints(new ControlEndpoints.Answers() {
            @Override
            public SimResponse badRequest(String message) {
                return json(400, ApiError.body(400, message, "Bad Request"));
            }

            @Override
            public SimResponse notFound(SimRequest r) {
                return json(404, ApiError.body(404, "Cannot " + r.method() + " " + r.path(), "Not Found"));
            }
        }).add("_faults", new FaultKnobs(faults)).add("_webhooks", new WebhookKnobs(webhooks))
                .add("_oauth", new OAuthKnobs(auth));
    }

    SimResponse handle(SimRequest request) {
        if (ControlEndpoints.isControl(request)) {
            return controls.handle(request);
        }
        Faults shared = faults.shared();
        shared.delay();
        List<String> segments = segments(request.path());
        if (segments.equals(List.of("oauth", "token"))) {
            return tokenEndpoint(request);
        }
        if (segments.equals(List.of("oauth", "chooselocation"))) {
            return consent.handle(request);
        }
        HighLevelRoutes.Route route = routes.route(request.method(), segments);
        Map<String, String> limitHeaders = limiter.peek(HighLevelSimulator.LOCATION_ID);
        if (route == null) {
            return withHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " " + request.path(), "Not Found")),
                    limitHeaders);
        }
        try {
            Auth.Grant grant = auth.authenticate(request);
            String location = grant.account();
            limitHeaders = limiter.peek(location);
            String version = request.header("Version").orElse(null);
            if (version == null) {
                throw ApiError.badRequest("Version header was not found");
            }
            if (!HighLevelSimulator.VERSION.equals(version.trim())) {
                throw ApiError.badRequest("Version header is invalid, expected " + HighLevelSimulator.VERSION);
            }
            LocationRateLimiter.Decision decision = limiter.acquire(location);
            limitHeaders = decision.headers();
            if (!decision.allowed()) {
                return withHeaders(json(429, ApiError.body(429, "Too Many Requests", null)), limitHeaders)
                        .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            }
            SimResponse fault = injectedFault(location);
            if (fault != null) {
                return withHeaders(fault, limitHeaders);
            }
            if (!grant.has(route.scope())) {
                throw ApiError.scopeMissing();
            }
            String marker = faults.rejectMarker();
            if (marker != null && route.scope().equals(HighLevelAuth.SCOPE_WRITE) && request.bodyText().contains(marker)) {
                shared.count(HighLevelFaults.REJECT);
                throw ApiError.unprocessable("rejected by the sandbox: the body contains the reject marker");
            }
            boolean applyThenFail = shared.rollApplyThenFail();
            SimResponse response = route.handler().run(request, grant);
            if (applyThenFail) {
                shared.count(Faults.APPLY_THEN_FAIL);
                response = json(500, ApiError.body(500, "Internal Server Error", null));
            }
            return withHeaders(response, limitHeaders);
        } catch (ApiError e) {
            return withHeaders(json(e.status(), e.body()), limitHeaders);
        }
    }

    /** {@code POST /oauth/token}: oauth.json declares no Version header for it, so none is required. */
    private SimResponse tokenEndpoint(SimRequest request) {
        Map<String, String> headers = limiter.peek(HighLevelSimulator.LOCATION_ID);
        if (!request.method().equals("POST")) {
            return withHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " /oauth/token", "Not Found")), headers);
        }
        SimResponse fault = injectedFault(HighLevelSimulator.LOCATION_ID);
        if (fault != null) {
            return withHeaders(fault, headers);
        }
        try {
            Map<String, Object> issued = auth.token(request);
            Faults.sleep(faults.tokenLatencyMs());
            return withHeaders(json(200, issued), headers);
        } catch (ApiError e) {
            return withHeaders(json(e.status(), e.body()), headers);
        }
    }

    /**
     * A fault to answer instead of running the request, or null. Nothing is applied when one fires;
     * a timeout with {@code timeoutsApply} only holds the request, which then runs (answered late).
     */
    private SimResponse injectedFault(String locationId) {
        Faults.Fault fault = faults.shared().before();
        if (fault == null) {
            return null;
        }
        int status = fault.status();
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

    /** {@code <root>/_faults}: the knobs of {@link HighLevelFaults}. */
    private record FaultKnobs(HighLevelFaults faults) implements ControlEndpoints.Knobs {
        @Override
        public Map<String, Object> read() {
            return faults.toMap();
        }

        @Override
        public void apply(Map<String, Object> changes) {
            faults.apply(changes);
        }

        @Override
        public void reset() {
            faults.reset();
        }
    }

    /**
     * {@code <root>/_oauth}: the token endpoint's counts, and a refresh token issued on request
     * ({@code {"issueRefreshToken": "contacts.readonly contacts.write"}}) for a bridge in another
     * process (tests of several replicas): as if the app had been installed with those scopes.
     */
    private static final class OAuthKnobs implements ControlEndpoints.Knobs {
        private final HighLevelAuth auth;
        private volatile String lastIssued;

        OAuthKnobs(HighLevelAuth auth) {
            this.auth = auth;
        }

        @Override
        public Map<String, Object> read() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("refreshGrants", auth.refreshGrants());
            m.put("tokenRequests", auth.tokenRequests());
            m.put("issuedRefreshToken", lastIssued);
            return m;
        }

        @Override
        public void apply(Map<String, Object> changes) {
            Object scopes = changes.get("issueRefreshToken");
            if (!(scopes instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException("issueRefreshToken must be the scopes, space separated");
            }
            lastIssued = auth.issueRefreshToken(HighLevelSimulator.CLIENT_ID, HighLevelSimulator.LOCATION_ID,
                    java.util.Set.of(text.trim().split("\\s+")));
        }

        @Override
        public void reset() {
            lastIssued = null;
        }
    }

    /**
     * {@code <root>/_webhooks}: where change webhooks go ({@code {"url": "..."}}; DELETE: nowhere),
     * whether they also carry the legacy RSA signature ({@code legacySignature}), and the public keys.
     */
    private record WebhookKnobs(WebhookSender webhooks) implements ControlEndpoints.Knobs {
        @Override
        public Map<String, Object> read() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", webhooks.url());
            m.put("ed25519PublicKey", webhooks.ed25519PublicKeyPem());
            m.put("rsaPublicKey", webhooks.rsaPublicKeyPem());
            m.put("legacySignature", webhooks.legacySignature());
            m.put("deliveries", webhooks.deliveries().size());
            return m;
        }

        @Override
        public void apply(Map<String, Object> changes) {
            Object url = changes.get("url");
            if (url != null && !(url instanceof String)) {
                throw new IllegalArgumentException("url must be a string or null");
            }
            Object legacy = changes.get("legacySignature");
            if (legacy != null && !(legacy instanceof Boolean)) {
                throw new IllegalArgumentException("legacySignature must be true or false");
            }
            if (changes.containsKey("url") || legacy == null) {
                webhooks.url((String) url);
            }
            if (legacy != null) {
                webhooks.legacySignature((Boolean) legacy);
            }
        }

        @Override
        public void reset() {
            webhooks.url(null);
            webhooks.legacySignature(false);
        }
    }
}
