package io.contactsbridge.contacts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.JsonArbitraries;
import io.contactsbridge.testing.TestBridge;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ten thousand generated requests against {@code POST /webhooks/highlevel}: broken and valid
 * bodies, good, forged, garbage and missing signatures, odd content types. The receiver answers
 * 2xx or 4xx only (never 5xx), stores exactly the validly signed events it answers 200 to, and
 * stays healthy. Robustness scenario "bad input: highlevel fuzz": one summary line at the end.
 */
class HighLevelWebhookFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final java.util.Map<Integer, Integer> STATUSES = new java.util.TreeMap<>();
    private static WebhookKeys keys;
    private static Bridge bridge;
    /** Inbox rows after the last try. */
    private static int rows;
    /** Well-formed signatures by keys HighLevel does not have, made once: signing is the slow part of a try. */
    private static List<String> wrongEd25519;
    private static List<String> wrongRsa;

    @BeforeContainer
    static void start() throws Exception {
        keys = new WebhookKeys(1024);
        wrongEd25519 = new ArrayList<>();
        wrongRsa = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] some = ("{\"type\":\"ContactCreate\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            wrongEd25519.add(WebhookKeys.sign("Ed25519", keys.otherEd25519.getPrivate(), some));
            wrongRsa.add(WebhookKeys.sign("SHA256withRSA", keys.otherRsa.getPrivate(), some));
        }
        bridge = TestBridge.sandbox().with(keys.settings()).start();
        rows = BridgeProbe.inboxCount(bridge);
    }

    @AfterContainer
    static void stop() throws Exception {
        double cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf("fuzzed /webhooks/highlevel: answers by status %s; test JVM used %.0f s of CPU in %.0f s%n",
                STATUSES, cpu, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        try {
            // the generators must reach every outcome, or the property proves little
            assertThat(STATUSES.keySet()).as("statuses seen").contains(200, 400, 401, 409, 415).allMatch(s -> s < 500);
            int tries = STATUSES.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(tries).isGreaterThanOrEqualTo(10_000);
            int stored = BridgeProbe.inbox(bridge, "highlevel").size();
            assertThat(stored).as("the inbox holds exactly the events answered 200").isEqualTo(STATUSES.get(200));
            assertThat(BridgeProbe.inboxCount(bridge)).as("and nothing else").isEqualTo(stored);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create(TestBridge.managementUrl(bridge) + "/observe/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("still healthy after the fuzzing").isEqualTo(200);
            Robustness.summary("bad input: highlevel fuzz", String.format("%d generated requests, answers by status %s, 5xx=0,"
                    + " stored %d = answered 200 %d, health UP", tries, STATUSES, stored, STATUSES.get(200)));
        } finally {
            bridge.close();
        }
    }

    /** How a request is signed; the first four are valid HighLevel signatures. */
    enum Signing {
        GHL(true), LEGACY_RSA(true), LEGACY_ED25519(true), GHL_WITH_BAD_LEGACY(true),
        NONE(false), GHL_WRONG_KEY(false), LEGACY_WRONG_KEY(false), GHL_OVER_OTHER_BYTES(false),
        BAD_GHL_WITH_GOOD_LEGACY(false), GARBAGE_GHL(false), GARBAGE_LEGACY(false);

        final boolean valid;

        Signing(boolean valid) {
            this.valid = valid;
        }
    }

    record Attempt(byte[] body, String contentType, Signing signing, String garbage) {
        @Override
        public String toString() {
            return signing + " " + contentType + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    // jqwik's edge cases mixed into the combined generators would crowd out whole valid events;
    // HighLevelWebhookReceiverTest's fixed cases cover the edges
    @Property(tries = 10_000, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void onlyValidlySignedEventsAreStoredAndNothingIsA5xx(@ForAll("attempts") Attempt attempt) throws Exception {
        int before = rows; // rows are never removed while the test runs: one count per try is enough
        HttpResponse<String> r = send(attempt);
        int status = r.statusCode();
        STATUSES.merge(status, 1, Integer::sum);
        int after = BridgeProbe.inboxCount(bridge);
        rows = after;

        assertThat(status).as("status for %s: %s", attempt, r.body()).isBetween(200, 499);
        boolean json = attempt.contentType() != null && attempt.contentType().startsWith("application/json");
        if (status == 200) {
            assertThat(attempt.signing().valid && json).as("accepted only when validly signed JSON").isTrue();
            assertThat(after).as("an accepted event is stored").isEqualTo(before + 1);
        } else {
            assertThat(after).as("nothing stored on %s", status).isEqualTo(before);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("error").asText()).isNotBlank();
        }
        if (!attempt.signing().valid) {
            assertThat(status).isIn(401, 413, 415);
        }
    }

    private static HttpResponse<String> send(Attempt a) throws Exception {
        byte[] body = a.body();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/webhooks/highlevel"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (a.contentType() != null) {
            b.header("Content-Type", a.contentType());
        }
        switch (a.signing()) {
            case GHL -> b.header("X-GHL-Signature", keys.ghl(body));
            case LEGACY_RSA -> b.header("x-wh-signature", keys.legacyRsa(body));
            case LEGACY_ED25519 -> b.header("x-wh-signature", keys.ghl(body));
            case GHL_WITH_BAD_LEGACY -> b.header("X-GHL-Signature", keys.ghl(body)).header("x-wh-signature", a.garbage());
            case NONE -> { }
            case GHL_WRONG_KEY -> b.header("X-GHL-Signature", wrongEd25519.get(Math.floorMod(a.garbage().hashCode(), 16)));
            case LEGACY_WRONG_KEY -> b.header("x-wh-signature", wrongRsa.get(Math.floorMod(a.garbage().hashCode(), 16)));
            case GHL_OVER_OTHER_BYTES -> b.header("X-GHL-Signature", keys.ghl(Arrays.copyOf(body, body.length + 1)));
            case BAD_GHL_WITH_GOOD_LEGACY -> b.header("X-GHL-Signature", a.garbage()).header("x-wh-signature", keys.legacyRsa(body));
            case GARBAGE_GHL -> b.header("X-GHL-Signature", a.garbage());
            case GARBAGE_LEGACY -> b.header("x-wh-signature", a.garbage());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        Arbitrary<byte[]> bodies = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, events().map(n -> n.toString().getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, JsonArbitraries.jsonValues(3).map(n -> n.toString().getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, truncatedEvents()));
        Arbitrary<String> contentTypes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("application/json; charset=utf-8", "text/plain",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> garbage = Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(120).filter(s -> !s.isBlank() && s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(512).map(x -> java.util.Base64.getEncoder().encodeToString(x)));
        // JDK Ed25519 is slow (pure Java): most validly signed tries use the legacy RSA header, whose
        // verification is cheap, so 10,000 tries stay well under a minute; every mode still runs often
        Arbitrary<Signing> signings = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Signing.GHL)),
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Signing.LEGACY_RSA)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Signing.LEGACY_ED25519, Signing.GHL_WITH_BAD_LEGACY,
                        Signing.GHL_WRONG_KEY, Signing.GHL_OVER_OTHER_BYTES)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Signing.NONE, Signing.LEGACY_WRONG_KEY,
                        Signing.BAD_GHL_WITH_GOOD_LEGACY, Signing.GARBAGE_GHL, Signing.GARBAGE_LEGACY)));
        return Combinators.combine(bodies, contentTypes, signings, garbage).as(Attempt::new);
    }

    /** Event-shaped objects: known and unknown types, good and broken ids, fresh, stale and garbage timestamps. */
    private Arbitrary<ObjectNode> events() {
        List<String> known = Arrays.stream(HighLevelEventType.values()).map(HighLevelEventType::wire).toList();
        Arbitrary<JsonNode> types = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(known).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, JsonArbitraries.jsonValues(1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) null)));
        Arbitrary<JsonNode> webhookIds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.create(() -> NODES.textNode(UUID.randomUUID().toString()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("dup-1", "dup-2").map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, JsonArbitraries.jsonValues(1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) null)));
        Arbitrary<JsonNode> timestamps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(-200, 200)
                        .map(s -> (JsonNode) NODES.textNode(Instant.now().plusSeconds(s).toString()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(301, 10_000_000)
                        .map(s -> (JsonNode) NODES.textNode(Instant.now().minusSeconds(s).toString()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().map(NODES::numberNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, JsonArbitraries.jsonValues(1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) null)));
        Arbitrary<JsonNode> ids = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(24).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(250).map(NODES::textNode)),
                net.jqwik.api.Tuple.of(1, JsonArbitraries.jsonValues(2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) null)));
        return Combinators.combine(types, webhookIds, timestamps, ids, ids, JsonArbitraries.jsonValues(2)).as((type, webhookId, timestamp, id, contactId, extra) -> {
            ObjectNode o = NODES.objectNode();
            JsonArbitraries.putIfPresent(o, "type", type);
            JsonArbitraries.putIfPresent(o, "webhookId", webhookId);
            JsonArbitraries.putIfPresent(o, "timestamp", timestamp);
            JsonArbitraries.putIfPresent(o, "id", id);
            JsonArbitraries.putIfPresent(o, "contactId", contactId);
            o.set("extra", extra);
            o.set("appointment", NODES.objectNode().set("id", id));
            return o;
        });
    }


    /** A valid-looking event cut short: malformed JSON. */
    private Arbitrary<byte[]> truncatedEvents() {
        return JsonArbitraries.truncated(events());
    }

}
