package io.contactsbridge.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.contactsbridge.runtime.Bridge;

/**
 * What webhook tests ask of a bridge running in-process, the same for every connector: a request to
 * {@code /webhooks/<source>} exactly as given (any method, body, headers), its health and metrics
 * pages, and the inbox rows of one source.
 */
public final class BridgeRequests {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern COLUMNS = Pattern.compile("[a-z_]+(, ?[a-z_]+)*");

    private BridgeRequests() {
    }

    /** {@code <method> /webhooks/<source>} with this body (null: none) and headers (Content-Type among them, or not). */
    public static HttpResponse<String> webhook(Bridge bridge, String source, String method, byte[] body,
                                               Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/" + source))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /observe/health} on the management port. */
    public static HttpResponse<String> health(Bridge bridge) throws Exception {
        return get(TestBridge.managementUrl(bridge) + "/observe/health");
    }

    /** The Prometheus text of {@code GET /observe/metrics}. */
    public static String metrics(Bridge bridge) throws Exception {
        return get(TestBridge.managementUrl(bridge) + "/observe/metrics").body();
    }

    /**
     * The inbox rows of one source, oldest first, each as its {@code columns} joined by {@code |}
     * ({@code "event_id, record_key, kind"} gives {@code "42|toggl:client:7|webhook"}).
     */
    public static List<String> inbox(Bridge bridge, String source, String columns) throws SQLException {
        if (!COLUMNS.matcher(columns).matches()) {
            throw new IllegalArgumentException("columns: names separated by commas, not '" + columns + "'");
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM inbox WHERE source = ? ORDER BY id")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
