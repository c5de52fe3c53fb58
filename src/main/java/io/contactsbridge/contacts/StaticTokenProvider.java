package io.contactsbridge.contacts;

import java.util.Optional;
import java.util.Set;

import io.contactsbridge.ops.SecretMasker;

/** A private integration token: fixed, no refresh; a 401 is final. */
public final class StaticTokenProvider implements TokenProvider {
    private final String token;

    public StaticTokenProvider(String token) {
        this.token = token;
        SecretMasker.register(token);
    }

    @Override
    public String accessToken() {
        return token;
    }

    @Override
    public boolean renewAfterRejection(String rejectedToken) {
        return false;
    }

    @Override
    public Optional<Set<String>> grantedScopes() {
        return Optional.empty();
    }

    @Override
    public String mode() {
        return "private integration token";
    }
}
