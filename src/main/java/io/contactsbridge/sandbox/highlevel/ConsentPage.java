package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * The marketplace consent step, {@code GET /oauth/chooselocation?response_type=code&client_id=...
 * &redirect_uri=...&scope=...&state=...}: where a real user picks a location and approves the
 * app's scopes. The sandbox has no user, so it decides at once as configured
 * ({@link #approveAs}, {@link #deny}): approved, a 302 to the redirect URI with a single-use
 * {@code code} (bound to that redirect URI and the scopes asked for) and the {@code state} given;
 * denied, the redirect carries {@code error=access_denied}. A request the page cannot trust to
 * redirect (unknown client, no redirect URI) gets a 400 and no redirect (RFC 6749 4.1.2.1).
 */
final class ConsentPage {
    static final Set<String> KNOWN_SCOPES = Set.of(HighLevelAuth.SCOPE_READ, HighLevelAuth.SCOPE_WRITE);

    private final HighLevelAuth auth;
    private final HighLevelData data;
    private volatile String location = HighLevelSimulator.LOCATION_ID;
    private volatile boolean deny;
    private final AtomicInteger consents = new AtomicInteger();

    ConsentPage(HighLevelAuth auth, HighLevelData data) {
        this.auth = auth;
        this.data = data;
    }

    /** The location the next consents choose (added if new); approving again after {@link #deny}. */
    void approveAs(String locationId) {
        data.addLocation(locationId);
        location = locationId;
        deny = false;
    }

    void deny() {
        deny = true;
    }

    void reset() {
        location = HighLevelSimulator.LOCATION_ID;
        deny = false;
    }

    /** How many consents were answered with a code. */
    int consents() {
        return consents.get();
    }

    SimResponse handle(SimRequest r) {
        if (!r.method().equals("GET")) {
            return json(404, ApiError.body(404, "Cannot " + r.method() + " " + r.path(), "Not Found"));
        }
        String clientId = r.queryParam("client_id").orElse(null);
        String redirectUri = r.queryParam("redirect_uri").filter(s -> !s.isBlank()).orElse(null);
        if (!auth.knowsClient(clientId)) {
            return json(400, ApiError.body(400, "Invalid client_id", "Bad Request"));
        }
        if (redirectUri == null || !(redirectUri.startsWith("http://") || redirectUri.startsWith("https://"))) {
            return json(400, ApiError.body(400, "redirect_uri must be an http(s) URL", "Bad Request"));
        }
        Map<String, String> answer = new LinkedHashMap<>();
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(r.queryParam("scope").orElse("").trim().split("\\s+")));
        scopes.remove("");
        if (!"code".equals(r.queryParam("response_type").orElse(null))) {
            answer.put("error", "unsupported_response_type");
        } else if (scopes.isEmpty() || !KNOWN_SCOPES.containsAll(scopes)) {
            answer.put("error", "invalid_scope");
        } else if (deny) {
            answer.put("error", "access_denied");
        } else {
            answer.put("code", auth.issueAuthorizationCode(clientId, location, scopes, redirectUri));
            consents.incrementAndGet();
        }
        r.queryParam("state").ifPresent(s -> answer.put("state", s));
        StringBuilder to = new StringBuilder(redirectUri);
        char sep = redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : answer.entrySet()) {
            to.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return SimResponse.empty(302).withHeader("Location", to.toString());
    }
}
