package io.contactsbridge.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Guards the admin API ({@code /api/*}) with the bearer token {@code BRIDGE_ADMIN_TOKEN}: without
 * a configured token the API is closed; a missing or wrong token gets 401. The compare runs in
 * constant time over digests, so neither the token's content nor its length leaks through timing.
 */
public class AdminAuth implements Processor {
    private final byte[] expected;

    public AdminAuth(String token) {
        this.expected = token == null || token.isBlank() ? null : digest(token.trim());
    }

    @Override
    public void process(Exchange exchange) {
        if (expected == null) {
            throw new Denied("admin API closed: set BRIDGE_ADMIN_TOKEN to use it");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Denied("missing bearer token");
        }
        if (!MessageDigest.isEqual(expected, digest(header.substring(7).trim()))) {
            throw new Denied("wrong bearer token");
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answered with 401 by the admin routes' error handler. */
    public static class Denied extends RuntimeException {
        public Denied(String message) {
            super(message);
        }
    }
}
