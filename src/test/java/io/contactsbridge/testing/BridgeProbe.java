package io.contactsbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.runtime.Bridge;

/**
 * A running test bridge seen from outside, the same for every connector: a delivery to
 * {@code POST /webhooks/<source>}, the inbox rows it stored, the translator the inbox consumer uses
 * for them, the Prometheus text and health.
 */
public final class BridgeProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> INBOX_COLUMNS = List.of("event_id", "record_key", "kind", "payload", "status");

    private BridgeProbe() {
    }

    /** {@code POST /webhooks/<source>} with this body, content type (null: none) and header name/value pairs. */
    public static HttpResponse<String> postWebhook(Bridge bridge, String source, byte[] body, String contentType,
                                                   String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        if (contentType != null) {
            all.put("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return webhook(bridge, source, "POST", body, all);
    }

    /** {@code <method> /webhooks/<source>} exactly as given: body (null: none) and headers (Content-Type among them, or not). */
    public static HttpResponse<String> webhook(Bridge bridge, String source, String method, byte[] body,
                                               Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/" + source))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** The inbox rows of a source, oldest first: event_id, record_key, kind, payload, status. */
    public static List<Map<String, String>> inbox(Bridge bridge, String source) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", INBOX_COLUMNS)
                     + " FROM inbox WHERE source = ? ORDER BY id")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (String column : INBOX_COLUMNS) {
                        row.put(column, rs.getString(column));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Every inbox row, of any source. */
    public static int inboxCount(Bridge bridge) {
        try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inbox")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The translator the inbox consumer picks for a source's stored bodies (found as it finds it: by type and source). */
    public static ChangeTranslator translator(Bridge bridge, String source) {
        return bridge.context().getRegistry().findByType(ChangeTranslator.class).stream()
                .filter(t -> t.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no change translator for " + source + " is bound"));
    }

    /** {@code GET /observe/metrics}: the Prometheus text. */
    public static String metrics(Bridge bridge) {
        return send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + "/observe/metrics")).GET().build()).body();
    }

    /** {@code GET /observe/health}: status and body. */
    public static HttpResponse<String> health(Bridge bridge) {
        return send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + "/observe/health")).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
