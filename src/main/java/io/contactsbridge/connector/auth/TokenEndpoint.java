package io.contactsbridge.connector.auth;

/** An OAuth 2.0 token endpoint, as far as the bridge uses it: the refresh grant and the authorization-code grant. */
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

    /**
     * What the authorization-code grant returns: the pair, and the answer's other fields (the
     * account it is for: HighLevel's {@code locationId}, {@code userType}, ...).
     */
    record CodeGrant(TokenResponse tokens, java.util.Map<String, Object> fields) {
    }

    /**
     * Exchanges an authorization code (RFC 6749 4.1.3) for a pair; {@code redirectUri} must be the
     * one of the consent URL. A refused code is {@link InvalidGrant}; transient failures as for
     * {@link #refresh}.
     */
    default CodeGrant exchangeCode(String code, String redirectUri) throws InvalidGrant {
        throw new UnsupportedOperationException("this token endpoint does not take authorization codes");
    }
}
