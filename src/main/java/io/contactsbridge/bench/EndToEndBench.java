package io.contactsbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.toggl.TogglWebhookPolicy;

/**
 * End to end: a Toggl "client created" webhook, signed as Toggl signs it, is posted over HTTP to the
 * bridge's {@code /webhooks/toggl}; the time until the HighLevel simulator holds the new contact is
 * one sample. Samples run one after the other (the latency of one event, not of a queue), a random
 * pause apart, after a few uncounted ones; the simulator's contact count is looked at every 2 ms.
 */
final class EndToEndBench implements BenchSection {
    static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);
    /** Webhooks sent first and not counted: the first calls through each route pay for class loading. */
    static final int WARM_UP = 3;
    /** Webhooks come when they come: up to this long apart, at random. */
    static final long PAUSE_MAX_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int samples, double p50Millis, double p99Millis, double maxMillis) {
    }

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        Result r = run(run.sandbox(), run.quick ? 30 : 200, BenchRun.HIGHLEVEL_LIMIT, run.highLevelIntervalMs);
        String scope = " (" + r.samples() + " webhooks, one at a time)";
        return List.of(
                Figure.info("e2e_p50_ms", "end to end: Toggl webhook -> HighLevel contact, p50" + scope, r.p50Millis(), "ms"),
                Figure.atMost("e2e_p99_ms", "end to end: Toggl webhook -> HighLevel contact, p99", r.p99Millis(), "ms", 1000),
                Figure.info("e2e_max_ms", "end to end: slowest", r.maxMillis(), "ms"));
    }

    static Result run(Bridge bridge, int samples, int highLevelLimit, long highLevelIntervalMs) throws Exception {
        String secret = bridge.settings().require("toggl.webhook-secret");
        URI receiver = URI.create("http://127.0.0.1:" + bridge.settings().require(Bridge.HTTP_PORT) + "/webhooks/toggl");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (SandboxSync sync = new SandboxSync(bridge, highLevelLimit, highLevelIntervalMs)) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            // event ids the bridge has not seen in an earlier run on the same store
            long eventId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
            double[] millis = new double[samples];
            for (int i = -WARM_UP; i < samples; i++) {
                // a random pause keeps the samples out of step with anything periodic in the bridge
                Thread.sleep(ThreadLocalRandom.current().nextLong(PAUSE_MAX_MILLIS));
                // the client exists in Toggl (no subscription there, so nothing else delivers it)
                Map<String, Object> client = sync.toggl.createClient("E2e " + run + " Client " + i, null);
                byte[] body = JSON.writeValueAsBytes(envelope(eventId + WARM_UP + i, client));
                HttpRequest post = HttpRequest.newBuilder(receiver).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header(TogglWebhookPolicy.SIGNATURE_HEADER, sign(secret, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                int before = sync.highLevel.contactCount();
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || !answer.body().contains("stored")) {
                    throw new IllegalStateException("the webhook was not stored: " + answer.statusCode() + " " + answer.body());
                }
                long deadline = started + SAMPLE_TIMEOUT.toNanos();
                while (sync.highLevel.contactCount() <= before) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("no contact " + SAMPLE_TIMEOUT.toSeconds() + " s after webhook " + i);
                    }
                    Thread.sleep(2);
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
            }
            Arrays.sort(millis);
            return new Result(samples, percentile(millis, 50), percentile(millis, 99), millis[samples - 1]);
        }
    }

    /** Toggl's envelope for a change (see the simulator's and Toggl's webhook documentation). */
    static Map<String, Object> envelope(long eventId, Map<String, Object> client) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("action", "created");
        metadata.put("model", "client");
        metadata.put("path", "/api/v9/workspaces/" + TogglSimulator.WORKSPACE_ID + "/clients");
        metadata.put("request_type", "POST");
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", eventId);
        envelope.put("created_at", Instant.now().toString());
        envelope.put("metadata", metadata);
        envelope.put("payload", client);
        envelope.put("timestamp", Instant.now().toString());
        return envelope;
    }

    /** {@code sha256=<hex HMAC-SHA256(secret, raw body)>}, Toggl's {@code X-Webhook-Signature-256}. */
    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
