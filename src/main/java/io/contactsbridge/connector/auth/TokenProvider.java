package io.contactsbridge.connector.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Message;

/**
 * Where a connector's operation routes get their credentials: a static bearer token, Basic
 * credentials, OAuth with rotating refresh tokens, or a session key. The HTTP pipeline asks for
 * {@link #credential()} before each request, puts it on the request with {@link #apply}, and after
 * a 401 calls {@link #renewAfterRejection} once.
 */
public interface TokenProvider {

    /** The credential to send now (an OAuth provider refreshes ahead of expiry). Never logged. */
    String credential();

    /** Puts the credential on the outgoing request; by default as the {@code Authorization} header. */
    default void apply(Message request, String credential) {
        request.setHeader("Authorization", credential);
    }

    /**
     * Credentials an API takes as form fields of a form body (TimeTonic: {@code o_u}, {@code u_c},
     * {@code sesskey}), added to the fields of every form request; none by default.
     */
    default Map<String, String> formFields(String credential) {
        return Map.of();
    }

    /**
     * The API refused {@code rejected} (401): get a new credential if one can be had (OAuth: refresh
     * once, or take the one another thread or replica refreshed meanwhile). True when a retry makes sense.
     */
    boolean renewAfterRejection(String rejected);

    /** The scopes the grant carries, when the token endpoint said so; empty when only a probe can tell. */
    default Optional<Set<String>> grantedScopes() {
        return Optional.empty();
    }

    /** When the current access token expires, when the provider knows (the status page shows it). */
    default Optional<Instant> expiresAt() {
        return Optional.empty();
    }

    /**
     * When the refresh token stops working if it is not rotated before, when known: the alert
     * "refresh token near its end" reads it (a connector whose vendor limits a refresh token's life
     * sets it).
     */
    default Optional<Instant> refreshTokenExpiresAt() {
        return Optional.empty();
    }

    /** "private integration token", "OAuth", "API token", for messages. */
    String mode();
}
