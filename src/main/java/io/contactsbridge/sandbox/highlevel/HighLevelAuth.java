package io.contactsbridge.sandbox.highlevel;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.SimRequest;

/**
 * Who may call the simulated API: static private integration tokens, and OAuth 2.0 access tokens
 * from {@code POST /oauth/token} (apps/oauth.json, api-notes section 6) with single-use rotating
 * refresh tokens and expiring access tokens. Every token is bound to one location (the kit grant's
 * account) and a set of scopes; the bearer tokens themselves are checked by the kit {@link Auth}.
 */
final class HighLevelAuth {
    static final String SCOPE_READ = "contacts.readonly";
    static final String SCOPE_WRITE = "contacts.write";
    static final String COMPANY_ID = "sandbox-company";
    static final String USER_ID = "sandbox-user";
    private static final String PRIVATE = "private-integration";
    private static final String OAUTH = "oauth";

    /**
     * What a refresh token or authorization code can be exchanged for; a code from the consent page
     * also remembers its redirect URI, which the exchange must repeat (RFC 6749 4.1.3).
     */
    private record Consent(String clientId, String locationId, Set<String> scopes, String redirectUri) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HighLevelFaults knobs;
    private final LongSupplier clock;
    private final Auth accessTokens;
    private final Map<String, Consent> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Consent> authorizationCodes = new ConcurrentHashMap<>();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final AtomicInteger refreshGrants = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();

    HighLevelAuth(HighLevelFaults knobs, LongSupplier clock) {
        this.knobs = knobs;
        this.clock = clock;
        this.accessTokens = new Auth(clock);
    }

    void registerClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
    }

    void registerToken(String token, String locationId, Set<String> scopes) {
        accessTokens.registerBearer(token, new Auth.Grant(locationId, scopes, Auth.NEVER, PRIVATE));
    }

    String issueRefreshToken(String clientId, String locationId, Set<String> scopes) {
        String token = "sim-rt-" + random(24);
        refreshTokens.put(token, new Consent(clientId, locationId, Set.copyOf(scopes), null));
        return token;
    }

    String issueAuthorizationCode(String clientId, String locationId, Set<String> scopes) {
        return issueAuthorizationCode(clientId, locationId, scopes, null);
    }

    String issueAuthorizationCode(String clientId, String locationId, Set<String> scopes, String redirectUri) {
        String code = "sim-code-" + random(16);
        authorizationCodes.put(code, new Consent(clientId, locationId, Set.copyOf(scopes), redirectUri));
        return code;
    }

    boolean knowsClient(String clientId) {
        return clientId != null && clients.containsKey(clientId);
    }

    boolean isRefreshTokenValid(String token) {
        return token != null && refreshTokens.containsKey(token);
    }

    boolean isAccessTokenValid(String token) {
        return accessTokens.isValid(token);
    }

    void revokeRefreshToken(String token) {
        refreshTokens.remove(token);
    }

    /** Makes every OAuth access token issued so far expired (private integration tokens stay). */
    void expireOAuthAccessTokens() {
        accessTokens.expire(g -> g.kind().equals(OAUTH));
    }

    int refreshGrants() {
        return refreshGrants.get();
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    /** The grant of the request's bearer token (account = location), or a 401 in the documented shape. */
    Auth.Grant authenticate(SimRequest request) {
        // an expired access token, a Basic header and no header at all get the same documented 401
        return accessTokens.authenticate(request, failure -> ApiError.invalidToken());
    }

    /**
     * {@code POST /oauth/token}, form-encoded (GetAccessCodebodyDto). Refresh tokens and codes are
     * single-use: the winner of concurrent uses is decided by an atomic remove, every other use gets
     * {@code invalid_grant}. Error bodies: 422 for missing/invalid fields (the NestJS validation shape),
     * 401 {@code invalid_client} for a wrong client, 400 {@code invalid_grant} for a used, revoked or
     * unknown refresh token or code — the OAuth 2.0 (RFC 6749 5.2) error codes in HighLevel's
     * {statusCode, message, error} envelope plus {@code error_description}, so both kinds of client
     * recognise them.
     */
    Map<String, Object> token(SimRequest request) {
        tokenRequests.incrementAndGet();
        // the raw form body (the sandbox registry hands form bodies over as sent)
        Map<String, List<String>> form = request.form();
        List<String> problems = new ArrayList<>();
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        String grantType = first(form, "grant_type");
        String userType = first(form, "user_type");
        if (blank(clientId)) problems.add("client_id should not be empty");
        if (blank(clientSecret)) problems.add("client_secret should not be empty");
        if (blank(grantType)) {
            problems.add("grant_type should not be empty");
        } else if (!List.of("authorization_code", "refresh_token", "client_credentials").contains(grantType)) {
            problems.add("grant_type must be one of the following values: authorization_code, refresh_token, client_credentials");
        }
        if (userType != null && !List.of("Company", "Location").contains(userType)) {
            problems.add("user_type must be one of the following values: Company, Location");
        }
        if ("refresh_token".equals(grantType) && blank(first(form, "refresh_token"))) {
            problems.add("refresh_token should not be empty");
        }
        if ("authorization_code".equals(grantType) && blank(first(form, "code"))) {
            problems.add("code should not be empty");
        }
        if (!problems.isEmpty()) {
            throw ApiError.unprocessable(problems);
        }
        String secret = clients.get(clientId);
        if (secret == null || !java.security.MessageDigest.isEqual(secret.getBytes(), clientSecret.getBytes())) {
            throw oauthError(401, "invalid_client", "Invalid client: client is invalid");
        }
        if ("Company".equals(userType)) {
            throw oauthError(400, "invalid_request", "This sandbox issues Location (sub-account) tokens only");
        }
        Consent consent = switch (grantType) {
            case "refresh_token" -> redeem(refreshTokens, first(form, "refresh_token"), clientId, "refresh token");
            case "authorization_code" -> redeem(authorizationCodes, first(form, "code"), clientId, "authorization code");
            default -> throw oauthError(400, "unauthorized_client", "The client credentials grant is not enabled for this client");
        };
        if (grantType.equals("refresh_token")) {
            refreshGrants.incrementAndGet();
        }
        if (consent.redirectUri() != null && !consent.redirectUri().equals(first(form, "redirect_uri"))) {
            // the code is spent either way, as at a real authorization server
            throw oauthError(400, "invalid_grant", "Invalid grant: redirect_uri does not match the authorization request");
        }
        long ttl = knobs.accessTokenTtlSeconds();
        String accessToken = "sim-at-" + random(24);
        accessTokens.registerBearer(accessToken, new Auth.Grant(consent.locationId(), consent.scopes(), clock.getAsLong() + ttl * 1000, OAUTH));
        String refreshToken = issueRefreshToken(clientId, consent.locationId(), consent.scopes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", ttl);
        body.put("refresh_token", refreshToken);
        body.put("scope", String.join(" ", new LinkedHashSet<>(consent.scopes().stream().sorted().toList())));
        body.put("userType", "Location");
        body.put("locationId", consent.locationId());
        body.put("companyId", COMPANY_ID);
        body.put("userId", USER_ID);
        body.put("isBulkInstallation", false);
        return body;
    }

    private Consent redeem(Map<String, Consent> store, String token, String clientId, String what) {
        Consent consent = store.get(token);
        if (consent == null || !consent.clientId().equals(clientId)) {
            throw oauthError(400, "invalid_grant", "Invalid grant: " + what + " is invalid");
        }
        // single use: only the caller whose remove succeeds gets a new pair
        if (!store.remove(token, consent)) {
            throw oauthError(400, "invalid_grant", "Invalid grant: " + what + " is invalid");
        }
        return consent;
    }

    private static ApiError oauthError(int status, String error, String description) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("statusCode", status);
        b.put("message", description);
        b.put("error", error);
        b.put("error_description", description);
        return new ApiError(status, b);
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
