package io.contactsbridge.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's logins without server state (so every replica accepts them): a session cookie
 * {@code v1.<expiry>.<nonce>.<mac>} signed with a key derived from {@code BRIDGE_ADMIN_TOKEN}; the
 * token itself never reaches the browser. Each session's CSRF token is derived from its nonce.
 * Changing the admin token ends every session.
 */
final class ConsoleSessions {
    static final String COOKIE = "cb_console";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] tokenDigest;
    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A valid session: its CSRF token and expiry. */
    record Session(String csrf, Instant expires) {
    }

    ConsoleSessions(String adminToken, Duration lifetime, Clock clock) {
        this.tokenDigest = adminToken == null || adminToken.isBlank() ? null : sha256("token|" + adminToken.trim());
        this.key = tokenDigest == null ? null : sha256("console-session|" + adminToken.trim());
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** False when no admin token is configured: the console is closed. */
    boolean open() {
        return key != null;
    }

    /** Constant-time compare of a typed token with the configured one. */
    boolean tokenMatches(String given) {
        return tokenDigest != null && given != null && MessageDigest.isEqual(tokenDigest, sha256("token|" + given.trim()));
    }

    /** A new signed session value for the cookie. */
    String create() {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        String payload = "v1." + clock.instant().plus(lifetime).getEpochSecond() + "." + B64.encodeToString(nonce);
        return payload + "." + B64.encodeToString(mac(payload));
    }

    Optional<Session> verify(String value) {
        if (key == null || value == null) {
            return Optional.empty();
        }
        int last = value.lastIndexOf('.');
        String[] parts = value.split("\\.");
        if (last < 0 || parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        String payload = value.substring(0, last);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return Optional.empty();
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        return Optional.of(new Session(B64.encodeToString(mac("csrf|" + parts[2])), expires));
    }

    /** The session cookie's value from a {@code Cookie} header, or null. */
    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /** HttpOnly, SameSite=Strict, Secure behind HTTPS; {@code maxAge} 0 removes it. */
    static String setCookie(String value, long maxAgeSeconds, boolean secure) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
