package io.contactsbridge.sandbox.toggl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook events like Toggl does: compact JSON, {@code X-Webhook-Signature-256:
 * sha256=<hex HMAC-SHA256(secret, raw body)>}, one POST per subscription. Toggl does not publish
 * its retry schedule; the simulator's policy: up to 3 attempts per event (at once, after 1 s,
 * after 3 s), each failure counted on the subscription, no automatic disabling.
 */
final class TogglWebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWebhookSender.class);
    static final String SIGNATURE_HEADER = "X-Webhook-Signature-256";
    static final long[] RETRY_DELAYS_MILLIS = {0, 1000, 3000};

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // one thread keeps deliveries in the order the changes happened
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "toggl-sim-webhooks");
        t.setDaemon(true);
        return t;
    });

    TogglWebhookSender(ObjectMapper json) {
        this.json = json;
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Outcome of one delivery, recorded on the subscription. */
    record Attempt(int status, String responseBody, String error) {
        boolean ok() {
            return error == null && status >= 200 && status < 300;
        }
    }

    interface Callback {
        void done(Map<String, Object> envelope, List<Attempt> attempts);
    }

    /** Sends in the background (with retries); {@code callback} sees every attempt. */
    void send(String url, String secret, Map<String, Object> envelope, Callback callback) {
        executor.execute(() -> {
            List<Attempt> attempts = new ArrayList<>();
            for (long delay : RETRY_DELAYS_MILLIS) {
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                Attempt a = post(url, secret, envelope);
                attempts.add(a);
                if (a.ok()) {
                    break;
                }
                LOG.debug("toggl simulator: delivery to {} failed: {} {}", url, a.status(), a.error());
            }
            callback.done(envelope, attempts);
        });
    }

    /** One synchronous POST (used for PINGs, whose answer may validate the subscription). */
    Attempt post(String url, String secret, Map<String, Object> envelope) {
        try {
            byte[] body = json.writeValueAsBytes(envelope);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "TogglTrack-Webhooks-Simulator")
                    .header(SIGNATURE_HEADER, sign(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Attempt(response.statusCode(), response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, null, "interrupted");
        } catch (Exception e) {
            return new Attempt(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    void runAsync(Runnable r) {
        executor.execute(r);
    }

    /** Waits until every queued delivery is done (tests). */
    boolean drain(long timeoutMillis) {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        executor.execute(latch::countDown);
        try {
            return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Map<String, Object> describe(Attempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status());
        m.put("error", a.error());
        return m;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
