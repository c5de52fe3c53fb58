package io.contactsbridge.connector.auth;

/** An OAuth 2.0 token endpoint, as far as the bridge uses it: the refresh grant. */
public interface TokenEndpoint {

    /** What a successful refresh returns. {@code toString} hides the tokens. */
    record TokenResponse(String accessToken, String refreshToken, long expiresInSeconds, String scope) {
        @Override
        public String toString() {
            return "TokenResponse[expires_in=" + expiresInSeconds + ", scope=" + scope + "]";
        }
    }

    /** The endpoint refused the refresh token ({@code invalid_grant}). */
    final class InvalidGrant extends Exception {
        public InvalidGrant(String message) {
            super(message);
        }
    }

    /**
     * Exchanges the refresh token for a new pair. Transient failures come out as the typed
     * transient exceptions of {@code api/} (server error, rate limited, no answer); a refused client
     * id/secret as {@code Unauthorized}.
     */
    TokenResponse refresh(String refreshToken) throws InvalidGrant;
}
