package io.contactsbridge.connector.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;

/**
 * A connector's OAuth 2.0 authorization-code flow (RFC 6749 4.1), for {@code connect <connector>}
 * and {@code GET /oauth/<connector>/callback} ({@link OAuthCallbackRoutes}): the consent URL with
 * the scopes the bridge needs, and what to do with the code the vendor sends back (exchange it,
 * store the token pair before anything uses it). The kit keeps the {@code state} values
 * ({@link AuthorizationStates}) and the callback route; the connector knows its vendor's URLs and
 * what a token answer means.
 */
public interface OAuthConnect {
    /** Query parameter of the consent redirect carrying the code. */
    String CODE = "code";
    String STATE = "state";
    String ERROR = "error";

    /** The connector id: the {@code /oauth/<id>/callback} path and the states' provider. */
    String provider();

    /** Shown to people. */
    String title();

    /** Where the vendor sends the user back (register it in the vendor's app settings). */
    String redirectUri();

    /** The scopes asked for: least privilege for what the enabled flows do. */
    Set<String> scopes();

    /** The consent page's URL for this state, sending the user back to {@code redirectUri}. */
    String authorizationUrl(String state, String redirectUri);

    /**
     * Exchanges the code (the redirect URI must be the one of the consent URL) and stores the token
     * pair. Throws the kit's typed API errors, or {@link IllegalArgumentException} for a code the
     * vendor refused.
     */
    Connected complete(CamelContext context, String code, String redirectUri);

    /** A stored connection: the account (HighLevel: the location) and the granted scopes, and a line for the user. */
    record Connected(String account, String scopes, String message) {
    }

    /** {@code base?k=v&...}, each value URL-encoded (space as {@code %20}, as consent pages expect in {@code scope}). */
    static String url(String base, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(base);
        char sep = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : new LinkedHashMap<>(query).entrySet()) {
            sb.append(sep).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            sep = '&';
        }
        return sb.toString();
    }
}
