package io.contactsbridge.contacts.webhook;

import static io.contactsbridge.testing.BridgeProbe.inbox;
import static io.contactsbridge.testing.BridgeProbe.inboxCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * {@code POST /webhooks/highlevel} on a real in-process bridge, with test keys standing in for
 * HighLevel's. Also the robustness scenario "bad input: highlevel": every request is counted by
 * status, and the last test checks that after all of them a valid event is still accepted and
 * processed and the bridge is healthy, then prints the summary line (only if every test passed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighLevelWebhookReceiverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final WebhookKeys keys = new WebhookKeys();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private final List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Bridge bridge;

    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed.add(context.getDisplayName());
        }
    };

    @BeforeAll
    void start() throws Exception {
        bridge = TestBridge.sandbox().with(keys.settings()).start();
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @BeforeEach
    void emptyInbox() throws Exception {
        try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM inbox");
        }
    }

    /**
     * A documented example body as HighLevel delivers it now: with a webhookId and a timestamp, for
     * the configured location (the sandbox's).
     */
    static byte[] event(String type, String webhookId, Instant timestamp) throws Exception {
        ObjectNode body = HighLevelChangeTranslatorTest.example(type);
        body.put("locationId", HighLevelSimulator.LOCATION_ID);
        body.put("webhookId", webhookId);
        body.put("timestamp", timestamp.toString());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An example body for the configured location. */
    static ObjectNode local(ObjectNode example) {
        return example.put("locationId", HighLevelSimulator.LOCATION_ID);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** Sends to {@code /webhooks/highlevel} and counts the answer; no answer may be a 5xx. */
    private HttpResponse<String> post(Bridge bridge, byte[] body, String contentType, String... headers) {
        return counted(WebhookKeys.post(bridge, body, contentType, headers));
    }

    private HttpResponse<String> counted(HttpResponse<String> r) {
        synchronized (statuses) {
            statuses.merge(r.statusCode(), 1, Integer::sum);
        }
        assertThat(r.statusCode()).as("never a 5xx: %s", r.body()).isLessThan(500);
        return r;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(JSON_TYPE));
        return JSON.readTree(r.body());
    }

    @Test
    void ed25519SignedEventIsStoredBeforeTheAnswer() throws Exception {
        String id = id();
        byte[] body = event("ContactCreate", id, Instant.now());
        HttpResponse<String> r = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("accepted");
        // nothing the sender sent (its signature) comes back
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-GHL-Signature"));
        List<Map<String, String>> rows = inbox(bridge, "highlevel");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("event_id", id)
                .containsEntry("record_key", "highlevel:contact:nmFmQEsNgz6AVpgLVUJ0")
                .containsEntry("kind", "webhook")
                .containsEntry("status", "NEW")
                .containsEntry("payload", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void storedBodyTranslatesWithTheBoundTranslator() throws Exception {
        String id = id();
        byte[] body = event("TaskComplete", id, Instant.now());
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        ChangeTranslator translator = BridgeProbe.translator(bridge, "highlevel");
        var changes = translator.translate(inbox(bridge, "highlevel").get(0).get("payload"));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.eventId()).isEqualTo(id);
            assertThat(c.action().wire()).isEqualTo("completed");
        });
    }

    @Test
    void ed25519SignatureFromAnotherKeyIsRefused() throws Exception {
        byte[] body = event("ContactUpdate", id(), Instant.now());
        String forged = WebhookKeys.sign("Ed25519", keys.otherEd25519.getPrivate(), body);
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", forged), 401, "signature_invalid");
    }

    @Test
    void ed25519SignatureOverOtherBytesIsRefused() throws Exception {
        byte[] body = event("ContactUpdate", id(), Instant.now());
        String signature = keys.ghl(body);
        // same JSON, re-serialised with a space: a signature covers the raw bytes, not the meaning
        byte[] respaced = new String(body, StandardCharsets.UTF_8).replaceFirst(",", ", ").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, respaced, JSON_TYPE, "X-GHL-Signature", signature), 401, "signature_invalid");
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", "not base64 !"), 401, "signature_invalid");
    }

    @Test
    void legacyRsaSignatureIsAccepted() throws Exception {
        String id = id();
        byte[] body = event("NoteCreate", id, Instant.now());
        HttpResponse<String> r = post(bridge, body, JSON_TYPE, "x-wh-signature", keys.legacyRsa(body));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(inbox(bridge, "highlevel")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("event_id", id)
                        .containsEntry("record_key", "highlevel:contact:CWBf1PR9LvvBkcYqiXlc"));
    }

    @Test
    void legacyRsaSignatureFromAnotherKeyIsRefused() throws Exception {
        byte[] body = event("NoteCreate", id(), Instant.now());
        String forged = WebhookKeys.sign("SHA256withRSA", keys.otherRsa.getPrivate(), body);
        assertRefused(post(bridge, body, JSON_TYPE, "x-wh-signature", forged), 401, "signature_invalid");
    }

    @Test
    void legacyHeaderSignedWithEd25519IsAccepted() throws Exception {
        // reported from production: x-wh-signature that verifies as Ed25519 (api-notes section 6)
        byte[] body = event("TaskDelete", id(), Instant.now());
        assertThat(post(bridge, body, JSON_TYPE, "x-wh-signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        assertThat(inboxCount(bridge)).isEqualTo(1);
    }

    @Test
    void whenBothHeadersArePresentTheEd25519OneDecides() throws Exception {
        byte[] body = event("ContactUpdate", id(), Instant.now());
        String badGhl = WebhookKeys.sign("Ed25519", keys.otherEd25519.getPrivate(), body);
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", badGhl, "x-wh-signature", keys.legacyRsa(body)),
                401, "signature_invalid");
        String badRsa = WebhookKeys.sign("SHA256withRSA", keys.otherRsa.getPrivate(), body);
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body), "x-wh-signature", badRsa).statusCode())
                .isEqualTo(200);
    }

    @Test
    void missingSignatureIsRefused() throws Exception {
        byte[] body = event("ContactCreate", id(), Instant.now());
        assertRefused(post(bridge, body, JSON_TYPE), 401, "signature_missing");
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", "  "), 401, "signature_missing");
    }

    @Test
    void replayedWebhookIdIsRefusedAndStoredOnce() throws Exception {
        String id = id();
        byte[] body = event("ContactUpdate", id, Instant.now());
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).isEqualTo("duplicate");
        assertThat(json(again).path("message").asText()).contains("already received");
        // a different body under the same webhookId is a replay too
        byte[] other = event("ContactDelete", id, Instant.now());
        assertThat(post(bridge, other, JSON_TYPE, "x-wh-signature", keys.legacyRsa(other)).statusCode()).isEqualTo(409);
        assertThat(inbox(bridge, "highlevel")).singleElement()
                .satisfies(row -> assertThat(row.get("payload")).isEqualTo(new String(body, StandardCharsets.UTF_8)));
    }

    @Test
    void replayedBodyWithoutWebhookIdIsRefusedByItsHash() throws Exception {
        byte[] body = local(HighLevelChangeTranslatorTest.example("NoteUpdate")).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(409);
        assertThat(inbox(bridge, "highlevel")).singleElement()
                .satisfies(row -> assertThat(row.get("event_id")).startsWith("sha256:"));
    }

    @Test
    void staleAndFarFutureTimestampsAreRefused() throws Exception {
        // with a webhookId: up to the retry horizon (75 minutes)
        byte[] stale = event("ContactUpdate", id(), Instant.now().minusSeconds(76 * 60));
        assertRefused(post(bridge, stale, JSON_TYPE, "X-GHL-Signature", keys.ghl(stale)), 409, "stale");
        byte[] future = event("ContactUpdate", id(), Instant.now().plusSeconds(3600));
        assertRefused(post(bridge, future, JSON_TYPE, "X-GHL-Signature", keys.ghl(future)), 409, "future_timestamp");
        byte[] aheadBeyondTheWindow = event("ContactUpdate", id(), Instant.now().plusSeconds(301));
        assertRefused(post(bridge, aheadBeyondTheWindow, JSON_TYPE, "X-GHL-Signature", keys.ghl(aheadBeyondTheWindow)),
                409, "future_timestamp");
        byte[] epochMillis = new String(event("ContactUpdate", id(), Instant.now()), StandardCharsets.UTF_8)
                .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":" + (System.currentTimeMillis() - 80 * 60_000))
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, epochMillis, JSON_TYPE, "X-GHL-Signature", keys.ghl(epochMillis)), 409, "stale");
        // without a webhookId only its hash could tell a copy: the short window (5 minutes) applies
        ObjectNode noId = local(HighLevelChangeTranslatorTest.example("ContactUpdate"));
        noId.put("locationId", HighLevelSimulator.LOCATION_ID);
        noId.put("timestamp", Instant.now().minusSeconds(301).toString());
        byte[] staleNoId = noId.toString().getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, staleNoId, JSON_TYPE, "X-GHL-Signature", keys.ghl(staleNoId)), 409, "stale");
        byte[] garbage = new String(event("ContactUpdate", id(), Instant.now()), StandardCharsets.UTF_8)
                .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"yesterday\"")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, garbage, JSON_TYPE, "X-GHL-Signature", keys.ghl(garbage)), 400, "invalid_event");
        // a recent one, a little ahead of our clock, is fine
        byte[] fresh = event("ContactUpdate", id(), Instant.now().plusSeconds(20));
        assertThat(post(bridge, fresh, JSON_TYPE, "X-GHL-Signature", keys.ghl(fresh)).statusCode()).isEqualTo(200);
    }

    /**
     * HighLevel's retries as they come (api-notes section 6): the first try finds the store down and
     * gets 429 with Retry-After; the retries come about 10 minutes apart, so the fifth one carries a
     * timestamp 40 minutes old: accepted and stored once; a copy of it after that is refused (409).
     */
    @Test
    void aLateRetryAfterA429IsAcceptedAndItsCopyRefused() throws Exception {
        String id = id();
        Instant firstTry = Instant.now().minusSeconds(40 * 60);
        byte[] body = event("ContactTagUpdate", id, firstTry);
        HttpResponse<String> down;
        renameInbox("inbox", "inbox_away");
        try {
            down = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        } finally {
            renameInbox("inbox_away", "inbox");
        }
        assertThat(down.statusCode()).isEqualTo(429);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(inboxCount(bridge)).isZero();

        HttpResponse<String> late = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
        assertThat(inbox(bridge, "highlevel")).singleElement().satisfies(row -> assertThat(row).containsEntry("event_id", id));
        HttpResponse<String> copy = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        assertThat(copy.statusCode()).isEqualTo(409);
        assertThat(json(copy).path("error").asText()).isEqualTo("duplicate");
        assertThat(inboxCount(bridge)).isEqualTo(1);
    }

    /** A marketplace app receives every installed location's events: another location's are acknowledged, not stored. */
    @Test
    void anotherLocationsEventIsAcknowledgedAndIgnored() throws Exception {
        ObjectNode foreign = (ObjectNode) JSON.readTree(event("ContactCreate", id(), Instant.now()));
        foreign.put("locationId", "someone-elses-location");
        byte[] body = foreign.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("ignored");
        assertThat(json(r).path("reason").asText()).isEqualTo("other_location");
        assertThat(inboxCount(bridge)).isZero();
        assertThat(metrics()).containsPattern(
                "bridge_webhook_skipped_total\\{reason=\"other_location\",source=\"highlevel\"} [1-9]");
        // still signed: a forged one is refused like any other
        String forged = WebhookKeys.sign("Ed25519", keys.otherEd25519.getPrivate(), body);
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", forged), 401, "signature_invalid");
        // the configured location's event is stored
        byte[] ours = event("ContactCreate", id(), Instant.now());
        assertThat(post(bridge, ours, JSON_TYPE, "X-GHL-Signature", keys.ghl(ours)).statusCode()).isEqualTo(200);
        assertThat(inboxCount(bridge)).isEqualTo(1);
    }

    /**
     * Issue 11 asks for this answer: HighLevel retries a delivery only after a 429 (any other status,
     * a 503 too, is final), so a store that cannot take the event answers 429 with Retry-After, stores
     * nothing, and the retried delivery is stored once the store is back.
     */
    @Test
    void storeDownIsA429WithRetryAfterAndTheRetryIsStored() throws Exception {
        String id = id();
        byte[] body = event("ContactUpdate", id, Instant.now());
        HttpResponse<String> down;
        renameInbox("inbox", "inbox_away"); // the store cannot take the event
        try {
            down = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        } finally {
            renameInbox("inbox_away", "inbox");
        }
        assertThat(down.statusCode()).as(down.body()).isEqualTo(429);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(json(down).path("error").asText()).isEqualTo("store_unavailable");
        assertThat(inboxCount(bridge)).isZero();
        assertThat(metrics()).containsPattern(
                "bridge_webhook_rejected_total\\{reason=\"store_unavailable\",source=\"highlevel\"} [1-9]");

        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        assertThat(inbox(bridge, "highlevel")).singleElement().satisfies(row -> assertThat(row).containsEntry("event_id", id));
    }

    private void renameInbox(String from, String to) throws Exception {
        try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    @Test
    void bodyOverOneMebibyteIsRefused() throws Exception {
        ObjectNode big = local(HighLevelChangeTranslatorTest.example("NoteCreate"));
        big.put("webhookId", id());
        big.put("body", "x".repeat(1024 * 1024));
        byte[] body = big.toString().getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)), 413, "body_too_large");
        // far over: the HTTP server refuses it itself (camel.server.max-body-size), still a JSON 413
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        assertRefused(post(bridge, huge, JSON_TYPE, "X-GHL-Signature", keys.ghl(huge)), 413, "body_too_large");
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() throws Exception {
        ObjectNode node = local(HighLevelChangeTranslatorTest.example("NoteCreate"));
        node.put("webhookId", id());
        node.put("body", "");
        int room = 1024 * 1024 - node.toString().getBytes(StandardCharsets.UTF_8).length;
        node.put("body", "y".repeat(room));
        byte[] body = node.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(1024 * 1024);
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        for (String text : List.of("{\"type\":\"ContactCreate\",", "", "{\"type\":\"A\"} trailing",
                "{\"type\":\"ContactCreate\",\"type\":\"ContactDelete\"}", "{'type':'x'}")) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)), 400, "malformed_json");
        }
        byte[] notUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRefused(post(bridge, notUtf8, JSON_TYPE, "X-GHL-Signature", keys.ghl(notUtf8)), 400, "malformed_json");
    }

    @Test
    void jsonThatIsNotAnEventIsRefused() throws Exception {
        for (String text : List.of("[]", "42", "\"ContactCreate\"", "null", "{}", "{\"type\":7}", "{\"type\":\"\"}",
                "{\"type\":\"ContactCreate\",\"webhookId\":{\"a\":1}}")) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertRefused(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)), 400, "invalid_event");
        }
    }

    @Test
    void wrongContentTypeIsRefused() throws Exception {
        byte[] body = event("ContactCreate", id(), Instant.now());
        String sig = keys.ghl(body);
        assertRefused(post(bridge, body, "text/plain", "X-GHL-Signature", sig), 415, "unsupported_media_type");
        assertRefused(post(bridge, body, "application/x-www-form-urlencoded", "X-GHL-Signature", sig), 415, "unsupported_media_type");
        assertRefused(post(bridge, body, null, "X-GHL-Signature", sig), 415, "unsupported_media_type");
        // form and multipart bodies the HTTP server tries to decode (and fails on) get the same JSON 415
        byte[] longField = ("a=" + "b".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, longField, "application/x-www-form-urlencoded", "X-GHL-Signature", keys.ghl(longField)),
                415, "unsupported_media_type");
        assertRefused(post(bridge, body, "multipart/form-data; boundary=x", "X-GHL-Signature", sig), 415, "unsupported_media_type");
        assertThat(post(bridge, body, "application/json; charset=utf-8", "X-GHL-Signature", sig).statusCode()).isEqualTo(200);
    }

    @Test
    void checksRunInOrderSizeContentTypeSignatureJson() throws Exception {
        byte[] bad = "{oops".getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, new byte[2 * 1024 * 1024 - 10], "text/plain"), 413, "body_too_large");
        assertRefused(post(bridge, bad, "text/plain"), 415, "unsupported_media_type");
        assertRefused(post(bridge, bad, JSON_TYPE), 401, "signature_missing");
        assertRefused(post(bridge, bad, JSON_TYPE, "X-GHL-Signature", keys.ghl(bad)), 400, "malformed_json");
        byte[] staleNoType = ("{\"timestamp\":\"" + Instant.now().minusSeconds(3600) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(bridge, staleNoType, JSON_TYPE, "X-GHL-Signature", keys.ghl(staleNoType)), 400, "invalid_event");
    }

    @Test
    void unknownEventTypeIsStoredAndIgnored() throws Exception {
        String id = id();
        byte[] body = ("{\"type\":\"OpportunityStatusUpdate\",\"locationId\":\"" + HighLevelSimulator.LOCATION_ID + "\",\"id\":\"o1\",\"contactId\":\"c9\","
                + "\"webhookId\":\"" + id + "\",\"timestamp\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(inbox(bridge, "highlevel")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("event_id", id).containsEntry("record_key", "highlevel:contact:c9"));
        assertThat(metrics()).containsPattern("bridge_webhook_ignored_total\\{source=\"highlevel\"} [1-9]");
        // the rule on both webhook endpoints: acknowledged, stored, processed without a change (not dead-lettered)
        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inbox(bridge, "highlevel"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("status", "DONE")));
    }

    @Test
    void taskCreateWithoutContactIdIsStoredUnderTheTask() throws Exception {
        ObjectNode task = local(HighLevelChangeTranslatorTest.example("TaskCreate"));
        task.remove("contactId");
        task.put("webhookId", id());
        byte[] body = task.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        assertThat(inbox(bridge, "highlevel")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("record_key", "highlevel:task:UlRWGLSXh0ji5qbiGu4i"));
    }

    @Test
    void onlyPostIsServed() throws Exception {
        byte[] body = event("ContactCreate", id(), Instant.now());
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            HttpResponse<String> r = counted(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/highlevel"))
                            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                            .header("Content-Type", JSON_TYPE).header("X-GHL-Signature", keys.ghl(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(r.statusCode()).as(method).isEqualTo(405);
        }
        assertThat(inboxCount(bridge)).isZero();
        // a made-up webhook path is a plain 404 and creates no meter of its own
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/nosuchsource"))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(metrics()).doesNotContain("nosuchsource");
    }

    @Test
    void outcomesAreCountedPerSourceAndReason() throws Exception {
        byte[] body = event("ContactCreate", id(), Instant.now());
        post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body));
        post(bridge, body, JSON_TYPE);
        String metrics = metrics();
        assertThat(metrics).containsPattern("bridge_webhook_accepted_total\\{source=\"highlevel\"} [1-9]")
                .containsPattern("bridge_webhook_duplicate_total\\{source=\"highlevel\"} [1-9]")
                .containsPattern("bridge_webhook_rejected_total\\{reason=\"signature_missing\",source=\"highlevel\"} [1-9]");
    }

    /**
     * Runs last: after every kind of bad input above, a valid event is still accepted and
     * processed by the inbox consumer (not dead-lettered), and the bridge reports UP.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void afterAllTheBadInputAValidEventIsStillProcessedAndTheBridgeIsHealthy() throws Exception {
        String id = id();
        byte[] body = event("ContactDelete", id, Instant.now());
        assertThat(post(bridge, body, JSON_TYPE, "X-GHL-Signature", keys.ghl(body)).statusCode()).isEqualTo(200);
        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inbox(bridge, "highlevel"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("event_id", id).containsEntry("status", "DONE")));
        HttpResponse<String> health = BridgeProbe.health(bridge);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        assertThat(failed).as("every other test of the scenario passed").isEmpty();
        int requests = statuses.values().stream().mapToInt(Integer::intValue).sum();
        Robustness.summary("bad input: highlevel", String.format("%d requests, answers by status %s, 5xx=0,"
                + " nothing stored on refusal, valid event after: processed, health UP", requests, statuses));
    }

    private String metrics() {
        return BridgeProbe.metrics(bridge);
    }

    private void assertRefused(HttpResponse<String> r, int status, String reason) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asText()).isEqualTo(reason);
        assertThat(json(r).path("message").asText()).isNotBlank();
        assertThat(inboxCount(bridge)).as("nothing stored on refusal").isZero();
    }
}
