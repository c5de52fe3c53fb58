package io.contactsbridge.toggl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.contactsbridge.connector.Connector;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.FakeHub;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.builder.RouteBuilder;

final class TogglTestSupport {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private TogglTestSupport() {
    }

    /**
     * Toggl with a hub whose Contacts API has no routes: for tests of the Toggl connector's own parts
     * (operation routes, quota, intake), where a flow writing to the hub fails at once instead of
     * competing for the CPU or calling Toggl on its way.
     */
    static List<Connector> togglWithoutHubApi() {
        return List.of(new FakeHub(new RouteBuilder() {
            @Override
            public void configure() {
                // no direct:contacts.* routes
            }
        }), new TogglConnector());
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> postWebhook(Bridge bridge, String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/toggl"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Webhook-Signature-256", signature);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code /webhooks/toggl} as sent, with any method, content type (null: none) and signature (null: none). */
    static HttpResponse<String> send(Bridge bridge, String method, byte[] body, String contentType, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/toggl"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (signature != null) {
            b.header("X-Webhook-Signature-256", signature);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Inbox rows of source toggl with an event id at or above {@code fromEventId}: event id -> status. */
    static java.util.Map<Long, String> inboxStatuses(Bridge bridge, long fromEventId) throws Exception {
        java.util.Map<Long, String> rows = new java.util.TreeMap<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id, status FROM inbox WHERE source = 'toggl'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                // the simulator's own events have small ids; a test's are in a range of its own
                if (id.matches("[0-9]{1,18}") && Long.parseLong(id) >= fromEventId) {
                    rows.put(Long.parseLong(id), rs.getString(2));
                }
            }
        }
        return rows;
    }

    /** {@code GET /observe/health}: status and body. */
    static HttpResponse<String> health(Bridge bridge) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + "/observe/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Inbox rows of source toggl: "event_id|record_key|kind". */
    static List<String> inbox(Bridge bridge) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id, record_key, kind FROM inbox WHERE source = 'toggl' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }
}
