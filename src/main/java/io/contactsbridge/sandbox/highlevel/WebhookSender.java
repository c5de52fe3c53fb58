package io.contactsbridge.sandbox.highlevel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HighLevel-style webhooks: JSON bodies signed over their exact bytes with
 * {@code X-GHL-Signature} (base64 Ed25519), as HighLevel signs since 2026-07-01; with
 * {@link #legacySignature(boolean)} also with the legacy {@code x-wh-signature} (base64
 * SHA256withRSA) it sent before (an RSA signature costs a millisecond of CPU, so it is not made
 * where HighLevel would not make it). The simulator cannot hold HighLevel's private keys, so it
 * makes its own key pairs at start and publishes the public halves as PEM. Deliveries go out one at a time, in the order the
 * changes happened, on a daemon thread; each is tried once (the outcome is recorded).
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final String ED25519_HEADER = "X-GHL-Signature";
    static final String RSA_HEADER = "x-wh-signature";

    private final ObjectMapper json = new ObjectMapper();
    private final KeyPair ed25519;
    /** The same private key for BouncyCastle's Ed25519: a fifteenth of the JDK's CPU, which the bridge beside it would pay. */
    private final Ed25519PrivateKeyParameters ed25519Signing;
    private final KeyPair rsa;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "highlevel-sim-webhooks");
        t.setDaemon(true);
        return t;
    });
    /** The newest deliveries are kept (bounded, so a long benchmark with a receiver cannot exhaust memory). */
    static final int DELIVERY_LOG_CAPACITY = 10_000;
    private final ConcurrentLinkedQueue<WebhookDelivery> deliveries = new ConcurrentLinkedQueue<>();
    private volatile String url;
    private volatile boolean legacySignature;

    WebhookSender() {
        try {
            ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
            rsaGen.initialize(2048);
            rsa = rsaGen.generateKeyPair();
            ed25519Signing = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(ed25519.getPrivate().getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the simulator's Ed25519/RSA keys", e);
        }
    }

    String url() {
        return url;
    }

    void url(String url) {
        if (url != null) {
            URI u = URI.create(url);
            if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("webhook url must be http(s): " + url);
            }
        }
        this.url = url;
    }

    String ed25519PublicKeyPem() {
        return pem(ed25519.getPublic());
    }

    String rsaPublicKeyPem() {
        return pem(rsa.getPublic());
    }

    PublicKey ed25519PublicKey() {
        return ed25519.getPublic();
    }

    PublicKey rsaPublicKey() {
        return rsa.getPublic();
    }

    boolean legacySignature() {
        return legacySignature;
    }

    /** Whether deliveries also carry the legacy {@code x-wh-signature} (HighLevel before 2026-07-01). */
    void legacySignature(boolean on) {
        this.legacySignature = on;
    }

    /** The signature headers HighLevel would send for exactly these bytes. */
    Map<String, String> signatureHeaders(byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        Ed25519Signer ed = new Ed25519Signer();
        ed.init(true, ed25519Signing);
        ed.update(body, 0, body.length);
        h.put(ED25519_HEADER, Base64.getEncoder().encodeToString(ed.generateSignature()));
        if (legacySignature) {
            h.put(RSA_HEADER, sign("SHA256withRSA", rsa, body));
        }
        return h;
    }

    /**
     * Queues one event when a URL is configured: adds {@code webhookId} and {@code timestamp},
     * serialises once, signs those bytes and posts them.
     */
    void send(Map<String, Object> event) {
        String target = url;
        if (target == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>(event);
        body.put("webhookId", UUID.randomUUID().toString());
        body.put("timestamp", Instant.now().toString());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body is not serialisable", e);
        }
        String type = String.valueOf(body.get("type"));
        String id = (String) body.get("webhookId");
        executor.execute(() -> record(post(target, type, id, bytes, signatureHeaders(bytes))));
    }

    /** Posts exactly {@code body} with exactly {@code headers} (plus Content-Type), now, to the URL. */
    WebhookDelivery sendRaw(byte[] body, Map<String, String> headers) {
        String target = url;
        if (target == null) {
            throw new IllegalStateException("no webhook url configured");
        }
        WebhookDelivery d = post(target, "raw", null, body, headers);
        record(d);
        return d;
    }

    private void record(WebhookDelivery d) {
        deliveries.add(d);
        while (deliveries.size() > DELIVERY_LOG_CAPACITY) {
            deliveries.poll();
        }
    }

    List<WebhookDelivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    void clearDeliveries() {
        deliveries.clear();
    }

    /** Waits until every queued delivery has been attempted (for tests). */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        executor.execute(done::countDown);
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private WebhookDelivery post(String target, String type, String webhookId, byte[] body, Map<String, String> headers) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return new WebhookDelivery(type, webhookId, target, text, r.statusCode(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery(type, webhookId, target, text, -1, e.toString());
        } catch (Exception e) {
            LOG.debug("webhook {} to {} failed: {}", type, target, e.toString());
            return new WebhookDelivery(type, webhookId, target, text, -1, e.toString());
        }
    }

    private static String sign(String algorithm, KeyPair keys, byte[] body) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(keys.getPrivate());
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign webhook with " + algorithm, e);
        }
    }

    static String pem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
