package io.contactsbridge.sandbox.hubstaff;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hubstaff's webhooks as the reference describes them: {@code POST /organizations/{id}/webhooks}
 * (target_url, events) answers 201 and then posts an empty body with {@code X-Hook-Secret} to the
 * target, which must answer 200 echoing the header; {@code POST /webhooks/{id}/activate} with that
 * secret (201) starts the deliveries; {@code GET} and {@code DELETE /webhooks/{id}}. Deliveries: JSON
 * {@code {"event", "id", "created_at", "organization_id", "data": {<resource>: {...}}}}, one POST per
 * active webhook subscribed to the event, in order, up to 3 attempts (the real policy is not published).
 */
final class HubstaffWebhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubstaffWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> EVENTS = List.of("task.create", "timer.start", "timer.stop", "shift.late");
    private final HubstaffData data;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hubstaff-sim-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger delivered = new AtomicInteger();

    HubstaffWebhooks(HubstaffData data) {
        this.data = data;
    }

    SimResponse create(SimRequest r, Map<String, Object> body) {
        Object target = body.get("target_url");
        if (!(target instanceof String url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return HubstaffApi.error(422, "Target url is invalid");
        }
        if (!(body.get("events") instanceof List<?> events) || events.isEmpty() || !EVENTS.containsAll(events)) {
            return HubstaffApi.error(422, "Events must be a list of " + EVENTS);
        }
        Map<String, Object> hook = new LinkedHashMap<>();
        String id = String.valueOf(data.nextId());
        hook.put("id", id);
        hook.put("target_url", url);
        hook.put("events", List.copyOf(events));
        hook.put("status", "pending");
        hook.put("created_at", data.now());
        String secret = UUID.randomUUID().toString().replace("-", "");
        synchronized (data) {
            data.webhooks.put(id, hook);
        }
        executor.submit(() -> handshake(hook, secret));
        return SimResponse.json(201, Map.of("webhook", view(hook)));
    }

    /** Posts the empty body with X-Hook-Secret; the target is verified when it echoes the header with 200. */
    private void handshake(Map<String, Object> hook, String secret) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create((String) hook.get("target_url")))
                    .timeout(Duration.ofSeconds(10)).header("X-Hook-Secret", secret)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            boolean echoed = answer.statusCode() == 200 && secret.equals(answer.headers().firstValue("X-Hook-Secret").orElse(null));
            synchronized (data) {
                hook.put("verified_secret", echoed ? secret : null);
                hook.put("status", echoed ? "verified" : "failed");
            }
        } catch (Exception e) {
            LOG.info("Hubstaff sandbox: webhook handshake to its target failed: {}", e.toString());
            synchronized (data) {
                hook.put("status", "failed");
            }
        }
    }

    SimResponse handle(SimRequest r) {
        String[] parts = r.path().split("/");
        // /v2/webhooks/{id}[/activate]
        if (parts.length < 4) {
            return HubstaffApi.error(404, "Not found");
        }
        synchronized (data) {
            Map<String, Object> hook = data.webhooks.get(parts[3]);
            if (hook == null) {
                return HubstaffApi.error(404, "Could not find record");
            }
            if (parts.length == 5 && parts[4].equals("activate") && r.method().equals("POST")) {
                String secret = r.header("X-Hook-Secret").orElse(null);
                if (hook.get("verified_secret") == null) {
                    return HubstaffApi.error(422, "The target URL has not answered the verification request");
                }
                if (!hook.get("verified_secret").equals(secret)) {
                    return HubstaffApi.error(401, "X-Hook-Secret does not match");
                }
                hook.put("status", "active");
                return SimResponse.json(201, Map.of("webhook", view(hook)));
            }
            if (parts.length != 4) {
                return HubstaffApi.error(404, "Not found");
            }
            return switch (r.method()) {
                case "GET" -> SimResponse.json(200, Map.of("webhook", view(hook)));
                case "DELETE" -> {
                    data.webhooks.remove(parts[3]);
                    yield SimResponse.empty(204);
                }
                default -> HubstaffApi.error(405, "Method not allowed");
            };
        }
    }

    /** Sends {@code event} about {@code row} to every active webhook subscribed to it. */
    void emit(String event, Map<String, Object> row) {
        List<Map<String, Object>> targets;
        synchronized (data) {
            targets = data.webhooks.values().stream()
                    .filter(h -> "active".equals(h.get("status")) && ((List<?>) h.get("events")).contains(event))
                    .map(HubstaffData::copy).toList();
        }
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event);
        payload.put("id", UUID.randomUUID().toString());
        payload.put("created_at", data.now());
        payload.put("organization_id", HubstaffData.ORGANIZATION_ID);
        payload.put("data", Map.of(event.startsWith("task.") ? "task" : "activity", row));
        for (Map<String, Object> hook : targets) {
            executor.submit(() -> deliver((String) hook.get("target_url"), payload));
        }
    }

    private void deliver(String url, Map<String, Object> payload) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(payload))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
            } catch (Exception e) {
                LOG.debug("Hubstaff sandbox: delivery failed: {}", e.toString());
            }
            try {
                Thread.sleep(500L * (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int delivered() {
        return delivered.get();
    }

    private static Map<String, Object> view(Map<String, Object> hook) {
        Map<String, Object> v = new LinkedHashMap<>(hook);
        v.remove("verified_secret");
        return v;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
