package io.contactsbridge.connector.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * One consent URL handed out by {@code connect} (directly against the state store, or through the
 * running bridge's {@code POST /api/connect/<connector>}): the URL with a fresh single-use state,
 * where the vendor sends the user back, the scopes asked for and how long the link works.
 */
public record ConsentLink(String url, String redirectUri, List<String> scopes, Duration validFor) {
    /** {@code bridge.oauth.state-ttl-seconds}: how long a consent URL works. */
    public static final String STATE_TTL = "bridge.oauth.state-ttl-seconds";

    /** A new link for {@code connect}; {@code redirectUri} null means the connector's configured one. */
    public static ConsentLink create(DataSource dataSource, OAuthConnect connect, String redirectUri, Duration ttl) {
        String callback = redirectUri != null ? redirectUri : connect.redirectUri();
        if (!callback.startsWith("http://") && !callback.startsWith("https://")) {
            throw new IllegalArgumentException("the redirect URI must be an http(s) URL, not '" + callback + "'");
        }
        String state = new AuthorizationStates(dataSource, Clock.systemUTC()).create(connect.provider(), callback, ttl);
        return new ConsentLink(connect.authorizationUrl(state, callback), callback, List.copyOf(connect.scopes()), ttl);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("redirectUri", redirectUri);
        m.put("scopes", scopes);
        m.put("validForSeconds", validFor.toSeconds());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static ConsentLink fromMap(Map<String, Object> m) {
        return new ConsentLink((String) m.get("url"), (String) m.get("redirectUri"), (List<String>) m.get("scopes"),
                Duration.ofSeconds(((Number) m.get("validForSeconds")).longValue()));
    }
}
