package io.contactsbridge.contacts.webhook;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;

/** Test keys that stand in for HighLevel's, signing like HighLevel does, and the settings that install them. */
final class WebhookKeys {
    final KeyPair ed25519 = generate("Ed25519", 0);
    final KeyPair rsa;
    /** A key HighLevel does not have: its signatures must fail. */
    final KeyPair otherEd25519 = generate("Ed25519", 0);
    final KeyPair otherRsa;

    WebhookKeys() {
        this(2048);
    }

    /** Smaller RSA keys sign faster (the fuzz test signs thousands of bodies); verification is the same code. */
    WebhookKeys(int rsaBits) {
        rsa = generate("RSA", rsaBits);
        otherRsa = generate("RSA", rsaBits);
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                g.initialize(size);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String sign(String algorithm, PrivateKey key, byte[] body) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String ghl(byte[] body) {
        return sign("Ed25519", ed25519.getPrivate(), body);
    }

    String legacyRsa(byte[] body) {
        return sign("SHA256withRSA", rsa.getPrivate(), body);
    }

    /**
     * Bridge settings with these keys: the Ed25519 key inline (as an environment variable would
     * carry it), the RSA key as a path to a PEM file. They replace the keys the sandbox's
     * HighLevel simulator hands to the settings.
     */
    Map<String, String> settings() throws IOException {
        Path rsaFile = TestBridge.tempDir().resolve("highlevel-rsa.pem");
        Files.writeString(rsaFile, pem(rsa.getPublic()));
        Map<String, String> s = new LinkedHashMap<>();
        s.put(HighLevelWebhookPolicy.ED25519_KEY, pem(ed25519.getPublic()));
        s.put(HighLevelWebhookPolicy.RSA_KEY, rsaFile.toString());
        // the tests count inbox rows: a poll cycle on the quarter hour would add its own
        s.put(SyncSettings.POLL_ENABLED, "false");
        return s;
    }

    /** {@code POST /webhooks/highlevel}. */
    static HttpResponse<String> post(Bridge bridge, byte[] body, String contentType, String... headers) {
        return BridgeProbe.postWebhook(bridge, HighLevelEvents.SOURCE, body, contentType, headers);
    }
}
