package io.contactsbridge.sandbox.hubstaff;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Knobs;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * Hubstaff Account's token endpoint, {@code POST <root>/access_tokens} with form
 * {@code grant_type=refresh_token&refresh_token=...}: answers {@code access_token}, a new
 * {@code refresh_token}, {@code expires_in} and {@code token_type}. Refresh tokens rotate: the one
 * exchanged stops working at once ({@code 400 {"error": "invalid_grant"}} when used again), as do
 * refresh tokens past their 90 days. Knobs at {@code <root>/_tokens}: {@code accessTokenSeconds},
 * {@code refreshTokenDays}, {@code failNext} (answers 503 that many times). The sandbox's first
 * refresh token is {@value #REFRESH_TOKEN}.
 */
public class HubstaffAccountSimulator implements Simulator {
    public static final String NAME = "hubstaff-account";
    public static final String REFRESH_TOKEN = "sandbox-hubstaff-refresh";

    private final Clock clock = Clock.systemUTC();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile long accessTokenSeconds = 7200;
    private volatile long refreshTokenDays = 90;
    private final ControlEndpoints control = new ControlEndpoints(new ControlEndpoints.Answers() {
        @Override
        public SimResponse badRequest(String message) {
            return error(400, message);
        }

        @Override
        public SimResponse notFound(SimRequest request) {
            return error(404, "Not found");
        }
    }).add("_tokens", new ControlEndpoints.Knobs() {
        @Override
        public Map<String, Object> read() {
            return knobs();
        }

        @Override
        public void apply(Map<String, Object> changes) {
            configure(changes);
        }

        @Override
        public void reset() {
            accessTokenSeconds = 7200;
            refreshTokenDays = 90;
            failNext.set(0);
        }
    });

    public HubstaffAccountSimulator() {
        valid.add(REFRESH_TOKEN);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connector() {
        return "hubstaff";
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        return Map.of("hubstaff.account-url", rootUrl, "hubstaff.refresh-token", REFRESH_TOKEN);
    }

    @Override
    public SimResponse handle(SimRequest request) {
        if (ControlEndpoints.isControl(request)) {
            return control.handle(request);
        }
        if (!request.path().equals("/access_tokens")) {
            return error(404, "Not found");
        }
        if (!request.method().equals("POST")) {
            return error(405, "Method not allowed");
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(503, "Service unavailable");
        }
        Map<String, List<String>> form = request.form();
        if (!"refresh_token".equals(first(form, "grant_type"))) {
            return oauthError("unsupported_grant_type", "grant_type must be refresh_token");
        }
        String refresh = first(form, "refresh_token");
        if (refresh == null || refresh.isBlank()) {
            return oauthError("invalid_request", "refresh_token is missing");
        }
        long now = clock.millis();
        boolean expired = HubstaffJwt.verify(refresh).map(c -> c.get("exp") instanceof Number n && n.longValue() * 1000 <= now)
                .orElse(false);
        // single use: whoever removes it first gets the new pair
        if (expired || !valid.remove(refresh)) {
            return oauthError("invalid_grant", "The refresh token is invalid, expired or was already used");
        }
        exchanges.incrementAndGet();
        String next = HubstaffJwt.issue(HubstaffJwt.REFRESH, HubstaffData.USER_ID, now, now + refreshTokenDays * 86_400_000L);
        valid.add(next);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", HubstaffJwt.issue(HubstaffJwt.ACCESS, HubstaffData.USER_ID, now, now + accessTokenSeconds * 1000));
        answer.put("refresh_token", next);
        answer.put("expires_in", accessTokenSeconds);
        answer.put("token_type", "bearer");
        answer.put("scope", "openid profile email hubstaff:read hubstaff:write");
        return SimResponse.json(200, answer);
    }

    // ------------------------------------------------------------------ Java knobs for tests

    /** Keys as {@code POST <root>/_tokens}: accessTokenSeconds, refreshTokenDays, failNext. */
    public void configure(Map<String, Object> changes) {
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            switch (e.getKey()) {
                case "accessTokenSeconds", "refreshTokenDays", "failNext" -> Knobs.nonNegative(e.getKey(), Knobs.number(e).longValue());
                default -> throw new IllegalArgumentException("unknown knob " + e.getKey());
            }
        }
        changes.forEach((k, v) -> {
            long n = ((Number) v).longValue();
            switch (k) {
                case "accessTokenSeconds" -> accessTokenSeconds = Math.max(1, n);
                case "refreshTokenDays" -> refreshTokenDays = n;
                default -> failNext.set((int) n);
            }
        });
    }

    public Map<String, Object> knobs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessTokenSeconds", accessTokenSeconds);
        m.put("refreshTokenDays", refreshTokenDays);
        m.put("failNext", failNext.get());
        m.put("exchanges", exchanges.get());
        return m;
    }

    /** Refresh-token exchanges answered with a new pair. */
    public int exchanges() {
        return exchanges.get();
    }

    /** Accepts {@code token} as a refresh token (a new personal access token). */
    public void addRefreshToken(String token) {
        valid.add(token);
    }

    /** True while {@code token} may still be exchanged. */
    public boolean refreshTokenValid(String token) {
        return valid.contains(token);
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static SimResponse oauthError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return SimResponse.json(400, body);
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Map.of("error", message));
    }
}
