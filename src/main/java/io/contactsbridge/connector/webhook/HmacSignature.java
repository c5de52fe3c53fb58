package io.contactsbridge.connector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of the raw body under a shared secret, compared in constant time: the scheme of
 * Toggl's {@code X-Webhook-Signature-256: sha256=<hex>} (and of many other senders). A Mac per
 * thread: looking one up per request costs more than the HMAC of a small body.
 */
public final class HmacSignature {
    private final byte[] secret;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public HmacSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The HMAC of {@code body} as lower-case hex. */
    public String hex(byte[] body) {
        return HexFormat.of().formatHex(macs.get().doFinal(body)); // doFinal resets the Mac
    }

    /**
     * True when {@code header} is {@code <prefix><hex of the HMAC>} ({@code prefix} such as
     * {@code sha256=}, compared without case; may be empty).
     */
    public boolean matches(byte[] body, String header, String prefix) {
        if (header == null) {
            return false;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(prefix.length()).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(macs.get().doFinal(body), given);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
