package io.contactsbridge.connector.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import org.apache.camel.CamelContext;

/**
 * Encryption at rest of what the store must not hold in clear text: OAuth tokens (and sessions) in
 * {@code tokens}, the before/after values of {@code sync_audit}. AES-256-GCM with a random 96-bit
 * nonce per value; the row's identity is the associated data, so a value copied to another row
 * does not decrypt. Each encrypted row carries the id of its key ({@code key_id}: the first 16 hex
 * digits of the key's SHA-256), so the key can be rotated: the current key encrypts, the current
 * and the previous ones decrypt, and {@code rotate-key} re-encrypts every row under the current one.
 * A row whose {@code key_id} is null predates encryption and is read as it is.
 */
public final class TokenCipher {
    /** Registry name under which the bridge binds the cipher (absent: no key configured). */
    public static final String BEAN = "tokenCipher";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private TokenCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * The first key encrypts; all of them decrypt. Each is base64 (or hex) of 32 random bytes,
     * e.g. from {@code openssl rand -base64 32}.
     */
    public static TokenCipher of(List<String> encodedKeys) {
        if (encodedKeys.isEmpty()) {
            throw new ConfigException("no encryption key given");
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String encoded : encodedKeys) {
            byte[] raw = decodeKey(encoded.trim());
            keys.putIfAbsent(keyId(raw), new SecretKeySpec(raw, "AES"));
            SecretMasker.register(encoded.trim());
        }
        return new TokenCipher(keys.keySet().iterator().next(), keys);
    }

    /** A fresh random key, base64 (what {@code openssl rand -base64 32} prints). */
    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** The cipher the bridge bound, or null when no key is configured. */
    public static TokenCipher find(CamelContext context) {
        return context.getRegistry().lookupByNameAndType(BEAN, TokenCipher.class);
    }

    /**
     * The cipher, or a configuration error naming the setting: what stores tokens (OAuth) must not
     * start without one.
     */
    public static TokenCipher require(CamelContext context, String what) {
        TokenCipher cipher = find(context);
        if (cipher == null) {
            throw new ConfigException(what + " keeps tokens in the state store, encrypted: set BRIDGE_ENCRYPTION_KEY"
                    + " (bridge.encryption-key; base64 of 32 random bytes, e.g. openssl rand -base64 32) or"
                    + " BRIDGE_ENCRYPTION_KEY_FILE (bridge.encryption-key-file)");
        }
        return cipher;
    }

    /** The id of the key new values are encrypted with. */
    public String currentKeyId() {
        return currentId;
    }

    public List<String> keyIds() {
        return new ArrayList<>(keys.keySet());
    }

    /** {@code plain} encrypted under the current key, bound to {@code rowIdentity}; null stays null. */
    public String encrypt(String plain, String rowIdentity) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting a value: " + e.getMessage(), e);
        }
    }

    /**
     * The clear text of a value stored with {@code keyId} (null: stored before encryption, returned
     * as it is). Fails with a message naming the key id when that key is not configured.
     */
    public String decrypt(String stored, String keyId, String rowIdentity) {
        if (stored == null || keyId == null) {
            return stored;
        }
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new ConfigException("a stored value is encrypted with key " + keyId + ", which is not configured"
                    + " (configured: " + keys.keySet() + "); give it in BRIDGE_ENCRYPTION_PREVIOUS_KEYS until"
                    + " 'contacts-bridge rotate-key' has re-encrypted every row");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored value does not decrypt with key " + keyId
                    + " (altered, or moved from another row)", e);
        }
    }

    static byte[] decodeKey(String encoded) {
        byte[] raw;
        try {
            raw = encoded.matches("[0-9a-fA-F]{64}") ? HexFormat.of().parseHex(encoded) : Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("an encryption key must be base64 (or 64 hex digits) of 32 random bytes");
        }
        if (raw.length != 32) {
            throw new ConfigException("an encryption key must be 32 bytes (AES-256), not " + raw.length
                    + "; make one with: openssl rand -base64 32");
        }
        return raw;
    }

    static String keyId(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
