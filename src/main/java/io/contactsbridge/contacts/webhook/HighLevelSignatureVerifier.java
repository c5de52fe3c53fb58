package io.contactsbridge.contacts.webhook;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

import io.contactsbridge.connector.webhook.Ed25519Signatures;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookRequest;

/**
 * HighLevel's webhook signatures, both over the raw body bytes and base64-encoded:
 * <ul>
 *   <li>{@code X-GHL-Signature}: Ed25519, checked with the configured Ed25519 key. When it is
 *       present (and the key is configured) it alone decides, whatever {@code x-wh-signature} says.</li>
 *   <li>{@code x-wh-signature} (legacy, sent until 2026-07-01): documented as RSA SHA-256 with the
 *       published RSA key. One integrator reports production signatures that verify as Ed25519
 *       instead (api-notes section 6), so RSA is tried first, then Ed25519 with the Ed25519 key.</li>
 * </ul>
 * Without an Ed25519 key, {@code X-GHL-Signature} cannot be checked and the legacy header decides
 * (a request with only {@code X-GHL-Signature} is then refused as {@code signature_unverifiable}).
 * Ed25519 is checked with {@link Ed25519Signatures} (BouncyCastle's, several times faster than the
 * JDK's), RSA with the JDK's {@code SHA256withRSA}.
 */
public final class HighLevelSignatureVerifier {
    public static final String GHL_HEADER = "X-GHL-Signature";
    public static final String LEGACY_HEADER = "x-wh-signature";

    /** Null when no Ed25519 key is configured. */
    private final Ed25519Signatures ed25519;
    private final PublicKey rsaKey;

    /** Either key may be null (not configured); a header that needs it then fails. */
    public HighLevelSignatureVerifier(PublicKey ed25519Key, PublicKey rsaKey) {
        this.ed25519 = ed25519Key == null ? null : Ed25519Signatures.verifier(ed25519Key);
        this.rsaKey = rsaKey;
    }

    public boolean hasAnyKey() {
        return ed25519 != null || rsaKey != null;
    }

    /** Since 2026-07-01 HighLevel sends only {@code X-GHL-Signature}: only an Ed25519 key verifies it. */
    public boolean canVerifyCurrentDeliveries() {
        return ed25519 != null;
    }

    public void verify(WebhookRequest request) {
        String ghl = nonBlank(request.header(GHL_HEADER));
        String legacy = nonBlank(request.header(LEGACY_HEADER));
        byte[] body = request.body();
        if (ghl != null && ed25519 != null) {
            if (!verifiesEd25519(body, ghl)) {
                throw WebhookRejection.unauthorized("signature_invalid", GHL_HEADER + " does not verify");
            }
            return;
        }
        if (legacy != null) {
            if (verifiesRsa(body, legacy) || verifiesEd25519(body, legacy)) {
                return;
            }
            throw WebhookRejection.unauthorized("signature_invalid", LEGACY_HEADER + " does not verify");
        }
        if (ghl != null) {
            throw WebhookRejection.unauthorized("signature_unverifiable",
                    GHL_HEADER + " cannot be checked: no Ed25519 key is configured (HIGHLEVEL_WEBHOOK_ED25519_KEY)");
        }
        throw WebhookRejection.unauthorized("signature_missing", "missing " + GHL_HEADER + " or " + LEGACY_HEADER + " header");
    }

    private boolean verifiesEd25519(byte[] body, String base64Signature) {
        if (ed25519 == null) {
            return false;
        }
        try {
            return ed25519.verifies(body, Base64.getDecoder().decode(base64Signature));
        } catch (IllegalArgumentException e) {
            return false; // not base64: simply not a valid signature
        }
    }

    private boolean verifiesRsa(byte[] body, String base64Signature) {
        if (rsaKey == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(rsaKey);
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(base64Signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, wrong length, wrong key type: simply not a valid signature
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
