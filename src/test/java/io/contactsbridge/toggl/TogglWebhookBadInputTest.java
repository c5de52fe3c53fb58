package io.contactsbridge.toggl;

import static io.contactsbridge.toggl.TogglTestSupport.health;
import static io.contactsbridge.toggl.TogglTestSupport.inboxStatuses;
import static io.contactsbridge.toggl.TogglTestSupport.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Robustness, bad input on {@code POST /webhooks/toggl} of a real bridge, over HTTP: every kind of
 * bad request gets its 4xx (never a 5xx) and stores nothing; the kinds Toggl must not retry
 * (a repeated event id, an event of a model or action no flow syncs) get 200. Afterwards a valid
 * event is still accepted and applied, and the bridge is healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TogglWebhookBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = TogglSimulator.WEBHOOK_SECRET;
    private static final String JSON_TYPE = "application/json";
    /** This test's event ids: far above the simulator's own, so its rows are told apart. */
    private static final long FIRST_ID = 7_700_000_000L;

    private final AtomicLong nextId = new AtomicLong(FIRST_ID);
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private HighLevelSimulator highlevel;
    private Bridge bridge;

    @BeforeAll
    void start() {
        highlevel = new HighLevelSimulator();
        TogglSimulator toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        Robustness.recordSecrets(List.of(SECRET));
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).start();
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void badInputIsRefusedWithA4xxNothingBadIsStoredAndAValidEventStillWorks() throws Exception {
        Expected expected = new Expected();
        badAndMissingSignatures();
        expected.add(replayedIds());
        staleAndFutureEvents();
        malformedJsonAndEmptyBodies();
        bodiesThatAreNotEvents();
        wrongContentTypes();
        bodiesOverOneMebibyte();
        expected.add(unknownModelsAndActions());
        wrongMethods();

        assertThat(statuses.keySet()).as("statuses seen").allMatch(s -> s < 500);
        assertThat(inboxStatuses(bridge, FIRST_ID).keySet()).as("stored: exactly the events answered 200 with stored")
                .containsExactlyInAnyOrderElementsOf(expected.ids);

        // a valid event afterwards is accepted and applied by its flow
        long clientEvent = nextId.getAndIncrement();
        String name = "Robust Inputperson";
        byte[] valid = event(clientEvent, "client", "created", Instant.now(),
                "{\"id\":" + clientEvent + ",\"wid\":1000,\"name\":\"" + name + "\",\"archived\":false,\"at\":\"" + Instant.now() + "\"}");
        assertStatus(post(valid, JSON_TYPE, sign(SECRET, valid)), 200, null);
        expected.ids.add(clientEvent);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(highlevel.contacts())
                .anySatisfy(c -> assertThat(c.get("firstName") + " " + c.get("lastName")).isEqualTo(name)));
        // every stored event of this test is processed (unsynced ones without a change), none dead-lettered
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inboxStatuses(bridge, FIRST_ID))
                .containsOnlyKeys(expected.ids).allSatisfy((id, status) -> assertThat(status).as("event %s", id).isEqualTo("DONE")));

        HttpResponse<String> health = health(bridge);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        // every outcome is counted, as on /webhooks/highlevel
        String metrics = BridgeProbe.metrics(bridge);
        for (String counted : List.of("accepted_total\\{source=\"toggl\"}", "ignored_total\\{source=\"toggl\"}",
                "duplicate_total\\{source=\"toggl\"}", "rejected_total\\{reason=\"signature_invalid\",source=\"toggl\"}",
                "rejected_total\\{reason=\"signature_missing\",source=\"toggl\"}",
                "rejected_total\\{reason=\"stale\",source=\"toggl\"}",
                "rejected_total\\{reason=\"malformed_json\",source=\"toggl\"}")) {
            assertThat(metrics).containsPattern("bridge_webhook_" + counted + " [1-9]");
        }

        int requests = statuses.values().stream().mapToInt(Integer::intValue).sum();
        int stored = inboxStatuses(bridge, FIRST_ID).size();
        Robustness.summary("bad input: toggl", String.format("%d requests, answers by status %s, 5xx=0, stored %d (expected %d),"
                + " valid event after: applied, health UP", requests, statuses, stored, expected.ids.size()));
    }

    private void badAndMissingSignatures() throws Exception {
        byte[] body = clientEvent(nextId.getAndIncrement());
        assertStatus(post(body, JSON_TYPE, sign("not-the-secret", body)), 401, "signature_invalid");
        // same JSON with one space more: the signature covers the raw bytes
        byte[] respaced = new String(body, StandardCharsets.UTF_8).replaceFirst(",", ", ").getBytes(StandardCharsets.UTF_8);
        assertStatus(post(respaced, JSON_TYPE, sign(SECRET, body)), 401, "signature_invalid");
        for (String garbage : List.of("sha256=zz", "sha256=", "md5=" + sign(SECRET, body).substring(7), sign(SECRET, body).substring(7),
                "sha256=" + "0".repeat(64), "sha256=" + "a".repeat(4_000))) {
            assertStatus(post(body, JSON_TYPE, garbage), 401, "signature_invalid");
        }
        assertStatus(post(body, JSON_TYPE, null), 401, "signature_missing");
        assertStatus(post(body, JSON_TYPE, "   "), 401, "signature_missing");
    }

    /** A repeated event id is acknowledged (Toggl retries anything else) and stored once, the first body kept. */
    private Set<Long> replayedIds() throws Exception {
        long id = nextId.getAndIncrement();
        byte[] body = clientEvent(id);
        assertThat(json(assertStatus(post(body, JSON_TYPE, sign(SECRET, body)), 200, null)).path("status").asText()).isEqualTo("stored");
        assertThat(json(assertStatus(post(body, JSON_TYPE, sign(SECRET, body)), 200, null)).path("status").asText()).isEqualTo("duplicate");
        byte[] other = event(id, "client", "deleted", Instant.now(), "{\"id\":1,\"at\":\"" + Instant.now() + "\"}");
        assertThat(json(assertStatus(post(other, JSON_TYPE, sign(SECRET, other)), 200, null)).path("status").asText()).isEqualTo("duplicate");
        return Set.of(id);
    }

    /** Toggl has no signed delivery time: an event created before the inbox forgets ids (30 days) is stale. */
    private void staleAndFutureEvents() throws Exception {
        Instant now = Instant.now();
        byte[] stale = event(nextId.getAndIncrement(), "client", "updated", now.minus(Duration.ofDays(31)), "{\"id\":5}");
        assertStatus(post(stale, JSON_TYPE, sign(SECRET, stale)), 409, "stale");
        byte[] future = event(nextId.getAndIncrement(), "client", "updated", now.plus(Duration.ofDays(31)), "{\"id\":5}");
        assertStatus(post(future, JSON_TYPE, sign(SECRET, future)), 409, "future_timestamp");
        // without created_at the envelope's timestamp decides
        String staleTimestamp = "{\"event_id\":" + nextId.getAndIncrement() + ",\"metadata\":{\"model\":\"client\",\"action\":\"updated\"},"
                + "\"payload\":{\"id\":5},\"timestamp\":\"" + now.minus(Duration.ofDays(40)) + "\"}";
        assertStatus(post(bytes(staleTimestamp), JSON_TYPE, sign(SECRET, bytes(staleTimestamp))), 409, "stale");
        for (String at : List.of("\"yesterday\"", "12345", "{}", "\"2026-13-45T00:00:00Z\"")) {
            String body = "{\"event_id\":" + nextId.getAndIncrement() + ",\"created_at\":" + at
                    + ",\"metadata\":{\"model\":\"client\",\"action\":\"updated\"},\"payload\":{\"id\":5}}";
            assertStatus(post(bytes(body), JSON_TYPE, sign(SECRET, bytes(body))), 400, "invalid_event");
        }
    }

    private void malformedJsonAndEmptyBodies() throws Exception {
        for (String text : List.of("{not json", "", " ", "{\"event_id\":1} trailing", "{\"event_id\":1,\"event_id\":2}",
                "{'event_id':1}", "{\"event_id\":NaN}", "[".repeat(5_000))) {
            byte[] body = bytes(text);
            assertStatus(post(body, JSON_TYPE, sign(SECRET, body)), 400, "malformed_json");
        }
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertStatus(post(notUtf8, JSON_TYPE, sign(SECRET, notUtf8)), 400, "malformed_json");
        assertStatus(post(new byte[0], JSON_TYPE, null), 401, "signature_missing");
    }

    /** Valid JSON, validly signed, that is not a Toggl event: 400 (it is a bug at the sender; a retry will not help, but it is visible). */
    private void bodiesThatAreNotEvents() throws Exception {
        long id = nextId.getAndIncrement();
        String now = Instant.now().toString();
        String meta = "\"metadata\":{\"model\":\"client\",\"action\":\"created\"}";
        for (String text : List.of("[]", "42", "\"ping?\"", "null", "{}",
                "{" + meta + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":\"abc\"," + meta + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":-5," + meta + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":1.5," + meta + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":123456789012345678901234567890," + meta + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":" + id + ",\"payload\":{\"id\":1}}",
                "{\"event_id\":" + id + ",\"metadata\":\"client\",\"payload\":{\"id\":1}}",
                "{\"event_id\":" + id + ",\"metadata\":{\"model\":7,\"action\":\"created\"},\"payload\":{\"id\":1}}",
                "{\"event_id\":" + id + ",\"metadata\":{\"model\":\"" + "x".repeat(500) + "\",\"action\":\"created\"},\"payload\":{}}",
                "{\"event_id\":" + id + "," + meta + ",\"created_at\":\"" + now + "\"}",
                "{\"event_id\":" + id + "," + meta + ",\"payload\":\"text\"}",
                "{\"event_id\":" + id + "," + meta + ",\"payload\":{\"name\":\"no id\"}}",
                "{\"event_id\":" + id + "," + meta + ",\"payload\":{\"id\":{\"nested\":1}}}",
                // an id too long for a record key (once a 503 from the store)
                "{\"event_id\":" + id + "," + meta + ",\"payload\":{\"id\":\"" + "9".repeat(400) + "\"}}")) {
            byte[] body = bytes(text);
            assertStatus(post(body, JSON_TYPE, sign(SECRET, body)), 400, "invalid_event");
        }
    }

    private void wrongContentTypes() throws Exception {
        byte[] body = clientEvent(nextId.getAndIncrement());
        String sig = sign(SECRET, body);
        for (String type : Arrays.asList("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "*/*", null)) {
            assertStatus(post(body, type, sig), 415, "unsupported_media_type");
        }
        // a form the HTTP server tries to decode and cannot: the same JSON 415, not its plain-text 400
        byte[] longField = bytes("a=" + "b".repeat(20_000));
        assertStatus(post(longField, "application/x-www-form-urlencoded", sign(SECRET, longField)), 415, "unsupported_media_type");
    }

    private void bodiesOverOneMebibyte() throws Exception {
        long id = nextId.getAndIncrement();
        String head = "{\"event_id\":" + id + ",\"metadata\":{\"model\":\"client\",\"action\":\"created\"},\"payload\":{\"id\":1,\"notes\":\"";
        byte[] over = bytes(head + "n".repeat(1024 * 1024 - head.length() - 3 + 1) + "\"}}");
        assertThat(over).hasSize(1024 * 1024 + 1);
        assertStatus(post(over, JSON_TYPE, sign(SECRET, over)), 413, "body_too_large");
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        // far over: the HTTP server refuses it before the route, still a JSON 413
        assertStatus(post(huge, JSON_TYPE, sign(SECRET, huge)), 413, "body_too_large");
    }

    /**
     * The rule for both webhook endpoints: a validly signed event of a type no flow syncs is
     * acknowledged (200, so the sender does not retry it), stored, and processed without a change.
     */
    private Set<Long> unknownModelsAndActions() throws Exception {
        long workspaceUser = nextId.getAndIncrement();
        long projectGroup = nextId.getAndIncrement();
        long archivedAction = nextId.getAndIncrement();
        for (byte[] body : List.of(event(workspaceUser, "workspace_user", "created", Instant.now(), "{\"id\":77}"),
                event(projectGroup, "project_group", "deleted", Instant.now(), "{\"name\":\"no id needed\"}"),
                event(archivedAction, "client", "archived", Instant.now(), "{\"id\":77}"))) {
            assertThat(json(assertStatus(post(body, JSON_TYPE, sign(SECRET, body)), 200, null)).path("status").asText()).isEqualTo("stored");
        }
        return Set.of(workspaceUser, projectGroup, archivedAction);
    }

    private void wrongMethods() throws Exception {
        byte[] body = clientEvent(nextId.getAndIncrement());
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = TogglTestSupport.send(bridge, method, method.equals("GET") || method.equals("DELETE") ? null : body,
                    JSON_TYPE, sign(SECRET, body));
            count(r);
            assertThat(r.statusCode()).as(method).isEqualTo(405);
        }
    }

    // ---- helpers

    private HttpResponse<String> post(byte[] body, String contentType, String signature) throws Exception {
        HttpResponse<String> r = TogglTestSupport.send(bridge, "POST", body, contentType, signature);
        count(r);
        return r;
    }

    private void count(HttpResponse<String> r) {
        statuses.merge(r.statusCode(), 1, Integer::sum);
        assertThat(r.statusCode()).as("never a 5xx: %s", r.body()).isLessThan(500);
    }

    /** Checks the status and, for a refusal, the JSON error (its reason when given); returns the answer. */
    private HttpResponse<String> assertStatus(HttpResponse<String> r, int status, String reason) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(JSON_TYPE));
        if (status >= 400) {
            JsonNode error = json(r);
            assertThat(error.path("error").asText()).isNotBlank();
            assertThat(error.path("message").asText()).isNotBlank();
            if (reason != null) {
                assertThat(error.path("error").asText()).isEqualTo(reason);
            }
        }
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private byte[] clientEvent(long id) {
        return event(id, "client", "created", Instant.now(), "{\"id\":" + id + ",\"name\":\"x\",\"at\":\"" + Instant.now() + "\"}");
    }

    /** A Toggl data event, compact as Toggl sends it. */
    static byte[] event(long eventId, String model, String action, Instant createdAt, String payload) {
        return bytes("{\"event_id\":" + eventId + ",\"created_at\":\"" + createdAt + "\",\"creator_id\":1,"
                + "\"metadata\":{\"action\":\"" + action + "\",\"event_user_id\":\"1\",\"model\":\"" + model
                + "\",\"path\":\"/api/v9/workspaces/1000/x\",\"request_type\":\"POST\",\"workspace_id\":\"1000\"},"
                + "\"payload\":" + payload + ",\"subscription_id\":1,\"timestamp\":\"" + Instant.now() + "\","
                + "\"url_callback\":\"http://x/webhooks/toggl\"}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The event ids that must end up in the inbox. */
    private static final class Expected {
        final java.util.Set<Long> ids = new java.util.TreeSet<>();

        void add(Set<Long> more) {
            ids.addAll(more);
        }
    }
}
