package io.contactsbridge.connector.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP API for tests of the kit's pipeline: answers with whatever the test's {@link Handler}
 * says and remembers every request (method, path, query, Authorization, when it arrived).
 */
final class FakeApi implements AutoCloseable {

    /** One request as the API received it. */
    record Seen(String method, String path, String query, String authorization, String body, long atMillis) {
        String line() {
            return method + " " + path;
        }
    }

    /** One answer: status, JSON body, extra headers. */
    record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of());
        }

        Reply with(String header, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(header, value);
            return new Reply(status, body, h);
        }
    }

    interface Handler {
        Reply answer(Seen request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Handler handler = request -> Reply.json(404, "{\"message\":\"no such route\"}");

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads); // a slow answer must not hold up the next request
        server.createContext("/", this::serve);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(Handler handler) {
        this.handler = handler;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<String> lines() {
        return seen.stream().map(Seen::line).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), body, System.currentTimeMillis());
        seen.add(request);
        Reply reply;
        try {
            reply = handler.answer(request);
        } catch (Exception e) {
            reply = Reply.json(500, "{\"message\":\"handler failed: " + e.getClass().getSimpleName() + "\"}");
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException gone) {
            // the client gave up waiting (a test of no answer): nothing to send to
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
