package io.contactsbridge.contacts;

import java.util.Optional;
import java.util.Set;

/** Where the HighLevel routes get their bearer token. */
public interface TokenProvider {

    /** A valid access token (an OAuth provider refreshes ahead of expiry). Never logged. */
    String accessToken();

    /**
     * The API answered 401 to {@code rejectedToken}: get a new token if one can be had (OAuth: refresh
     * once, or take the one another thread/replica refreshed meanwhile). True when a retry with
     * {@link #accessToken()} makes sense.
     */
    boolean renewAfterRejection(String rejectedToken);

    /** The scopes the grant carries, when the token endpoint said so; empty when only a probe can tell. */
    Optional<Set<String>> grantedScopes();

    /** "private integration token" or "OAuth", for messages. */
    String mode();
}
