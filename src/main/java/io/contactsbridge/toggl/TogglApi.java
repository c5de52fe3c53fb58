package io.contactsbridge.toggl;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP path to Toggl Track (API v9 and Webhooks API v1): Basic auth with the API token,
 * the quota gate before each call, the quota headers after it, a short back-off on 429, and
 * Toggl's string error bodies turned into {@link TogglApiException}s. The operation routes, the
 * poller and the {@code subscriptions} command all call through here, so the quota bookkeeping
 * sees every request.
 */
public class TogglApi {
    private static final Logger LOG = LoggerFactory.getLogger(TogglApi.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUOTA_REMAINING = "X-Toggl-Quota-Remaining";
    static final String QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In";
    /** Attempts for one request when Toggl answers 429 (leaky bucket). */
    static final int RATE_LIMIT_ATTEMPTS = 3;
    static final long MAX_RATE_LIMIT_WAIT_MILLIS = 10_000;

    private final TogglSettings settings;
    private final TogglQuota quota;
    private final HttpClient http;
    private final String authorization;

    public TogglApi(TogglSettings settings, TogglQuota quota) {
        this.settings = settings;
        this.quota = quota;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((settings.apiToken() + ":api_token").getBytes(StandardCharsets.UTF_8));
    }

    public TogglSettings settings() {
        return settings;
    }

    public TogglQuota quota() {
        return quota;
    }

    /** A call to the Track API v9; {@code path} is relative to the base URL ({@code /me/clients}). */
    public Object call(String operation, String method, String path, Map<String, ?> query, Object body) {
        return send(operation, settings.baseUrl(), method, path, query, body, TogglQuota.scopeOf(path));
    }

    /** A call to the Webhooks API v1; {@code path} is relative to its base ({@code /subscriptions/1000}). */
    public Object webhooks(String operation, String method, String path, Object body) {
        return send(operation, settings.webhooksUrl(), method, path, Map.of(), body, TogglQuota.Scope.ORG);
    }

    private Object send(String operation, String base, String method, String path, Map<String, ?> query, Object body,
                        TogglQuota.Scope scope) {
        HttpRequest request = request(base, method, path, query, body);
        for (int attempt = 1; ; attempt++) {
            quota.checkOpen(scope, operation);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new TogglApiException.Unavailable(0, operation, "no answer from Toggl: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TogglApiException.Unavailable(0, operation, "interrupted", e);
            }
            int status = response.statusCode();
            quota.observe(scope, status, response.headers().firstValue(QUOTA_REMAINING).orElse(null),
                    response.headers().firstValue(QUOTA_RESETS_IN).orElse(null));
            if (status >= 200 && status < 300) {
                return parse(response.body());
            }
            String message = errorText(status, response.body());
            if (status == 402) {
                throw TogglApiException.of(status, operation, message, quota.pauseRemainingMillis());
            }
            long retryAfter = retryAfterMillis(response, attempt);
            if (status == 429 && attempt < RATE_LIMIT_ATTEMPTS && retryAfter <= MAX_RATE_LIMIT_WAIT_MILLIS) {
                LOG.debug("Toggl 429 on {}: waiting {} ms (attempt {})", operation, retryAfter, attempt);
                sleep(retryAfter);
                continue;
            }
            throw TogglApiException.of(status, operation, message, status == 429 ? retryAfter : 0);
        }
    }

    private HttpRequest request(String base, String method, String path, Map<String, ?> query, Object body) {
        StringBuilder url = new StringBuilder(base).append(path);
        if (query != null && !query.isEmpty()) {
            StringJoiner q = new StringJoiner("&");
            query.forEach((k, v) -> {
                if (v != null) {
                    q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
                }
            });
            if (q.length() > 0) {
                url.append('?').append(q);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", "contacts-bridge");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    static String toJson(Object body) {
        if (body instanceof String s) {
            return s; // already JSON
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    static Object parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            return body; // e.g. a plain "OK"
        }
    }

    /** Toggl's error bodies are JSON string literals; fall back to the raw text or the status. */
    static String errorText(int status, String body) {
        Object parsed = parse(body);
        String text = parsed == null ? "" : parsed instanceof String s ? s : String.valueOf(parsed);
        text = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return "HTTP " + status + (text.isBlank() ? "" : " " + text);
    }

    private static long retryAfterMillis(HttpResponse<?> response, int attempt) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Long.parseLong(v.trim()) * 1000;
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).filter(v -> v >= 0).orElse(1000L << (attempt - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TogglApiException.Unavailable(0, "wait", "interrupted", e);
        }
    }
}
