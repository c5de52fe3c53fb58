package io.contactsbridge.connector.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.contactsbridge.config.SecretMasker;

/** A fixed credential (no refresh; a 401 is final): a bearer token, or Basic user and password. */
public final class StaticTokenProvider implements TokenProvider {
    private final String credential;
    private final String mode;

    private StaticTokenProvider(String credential, String mode) {
        this.credential = credential;
        this.mode = mode;
        SecretMasker.register(credential);
    }

    /** {@code Authorization: Bearer <token>}. */
    public static StaticTokenProvider bearer(String token, String mode) {
        SecretMasker.register(token);
        return new StaticTokenProvider("Bearer " + token, mode);
    }

    /** {@code Authorization: Basic base64(user:password)} (Toggl: the API token and the word api_token). */
    public static StaticTokenProvider basic(String user, String password, String mode) {
        SecretMasker.register(user);
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        SecretMasker.register(encoded);
        return new StaticTokenProvider("Basic " + encoded, mode);
    }

    @Override
    public String credential() {
        return credential;
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        return false;
    }

    @Override
    public String mode() {
        return mode;
    }
}
