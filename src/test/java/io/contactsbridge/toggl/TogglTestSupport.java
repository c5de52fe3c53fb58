package io.contactsbridge.toggl;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.contacts.HighLevelConnector;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.FakeHub;
import org.apache.camel.builder.RouteBuilder;

final class TogglTestSupport {

    private TogglTestSupport() {
    }

    /**
     * Toggl with a hub whose Contacts API refuses every call: for tests of the Toggl connector's own
     * parts (operation routes, quota, intake), where a flow writing to the hub fails at once (a
     * permanent error: dead letter) instead of competing for the CPU. Routes that throw, not no
     * routes: a direct: endpoint without a consumer makes its caller wait 30 s for one.
     */
    static List<Connector> togglWithoutHubApi() {
        HighLevelConnector hub = new HighLevelConnector();
        return List.of(new FakeHub(new RouteBuilder() {
            @Override
            public void configure() {
                for (ApiOperation op : hub.operations()) {
                    if (op.method() != null) { // composites (save-contact) are the hub's service routes
                        from(op.endpoint()).routeId("no-hub." + op.operationId()).process(ex -> {
                            throw new NoHubApi(op);
                        });
                    }
                }
            }
        }), new TogglConnector());
    }

    /** The answer of every Contacts API operation in {@link #togglWithoutHubApi()}. */
    static final class NoHubApi extends ApiException {
        NoHubApi(ApiOperation op) {
            super(new ApiCall(HighLevelConnector.ID, HighLevelConnector.TITLE, op.operationId()), 0,
                    "no Contacts API in this test", null);
        }

        @Override
        public boolean permanent() {
            return true;
        }
    }

    /** {@code X-Webhook-Signature-256} of a body as Toggl signs it (computed here, not by the code under test). */
    static String sign(String secret, String body) throws Exception {
        return sign(secret, body.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static HttpResponse<String> postWebhook(Bridge bridge, String body, String signature) throws Exception {
        return send(bridge, "POST", body.getBytes(StandardCharsets.UTF_8), "application/json", signature);
    }

    /** A request to {@code /webhooks/toggl} as sent, with any method, content type (null: none) and signature (null: none). */
    static HttpResponse<String> send(Bridge bridge, String method, byte[] body, String contentType, String signature) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (signature != null) {
            headers.put(TogglWebhookPolicy.SIGNATURE_HEADER, signature);
        }
        return BridgeProbe.webhook(bridge, TogglConnector.ID, method, body, headers);
    }

    /** Inbox rows of source toggl with an event id at or above {@code fromEventId}: event id -> status. */
    static Map<Long, String> inboxStatuses(Bridge bridge, long fromEventId) throws Exception {
        Map<Long, String> rows = new TreeMap<>();
        for (Map<String, String> row : BridgeProbe.inbox(bridge, TogglConnector.ID)) {
            String id = row.get("event_id");
            // the simulator's own events have ids from 88,000,000,001 up; a test's are in a range of its own below
            if (id.matches("[0-9]{1,18}") && Long.parseLong(id) >= fromEventId && Long.parseLong(id) < 88_000_000_000L) {
                rows.put(Long.parseLong(id), row.get("status"));
            }
        }
        return rows;
    }

    /** {@code GET /observe/health}: status and body. */
    static HttpResponse<String> health(Bridge bridge) throws Exception {
        return BridgeProbe.health(bridge);
    }

    /** Inbox rows of source toggl: "event_id|record_key|kind". */
    static List<String> inbox(Bridge bridge) throws Exception {
        return BridgeProbe.inbox(bridge, TogglConnector.ID).stream()
                .map(r -> r.get("event_id") + "|" + r.get("record_key") + "|" + r.get("kind")).toList();
    }

}
