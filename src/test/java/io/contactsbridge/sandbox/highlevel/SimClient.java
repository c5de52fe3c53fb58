package io.contactsbridge.sandbox.highlevel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client for the simulator, with the headers a real HighLevel client sends. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String root;
    String token = HighLevelSimulator.TOKEN;
    String version = HighLevelSimulator.VERSION;

    SimClient(String root) {
        this.root = root;
    }

    /** One answer: status, headers (first values) and the raw body. */
    record Res(int status, HttpResponse<String> raw) {
        Res withStatus() {
            return new Res(raw.statusCode(), raw);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return raw.body();
        }

        Map<String, Object> json() {
            try {
                return JSON.readValue(raw.body(), new TypeReference<Map<String, Object>>() { });
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + raw.body(), e);
            }
        }

        /** The 422 body's message list. */
        @SuppressWarnings("unchecked")
        List<String> messages() {
            return (List<String>) json().get("message");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String field) {
            return (Map<String, Object>) json().get(field);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json().get(field);
        }
    }

    Res get(String path) {
        return send("GET", path, null);
    }

    Res post(String path, Object body) {
        return send("POST", path, body);
    }

    Res put(String path, Object body) {
        return send("PUT", path, body);
    }

    Res delete(String path) {
        return send("DELETE", path, null);
    }

    Res delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    Res send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (version != null) {
                b.header("Version", version);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                b.method(method, HttpRequest.BodyPublishers.ofString(text));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return new Res(0, http.send(b.build(), HttpResponse.BodyHandlers.ofString())).withStatus();
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** A form post without Authorization/Version, like a client calling /oauth/token. */
    Res form(String path, String form) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            return new Res(0, http.send(r, HttpResponse.BodyHandlers.ofString())).withStatus();
        } catch (Exception e) {
            throw new AssertionError("POST " + path + " failed: " + e, e);
        }
    }
}
