package io.contactsbridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.JsonArbitraries;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Robustness of the whole HTTP surface: generated JSON, text and bytes, odd content types, query
 * strings and path ids, with and without the admin token, against every route of a sandbox bridge
 * (webhooks, admin API, status, simulators) and the management server. Whatever comes in, no answer
 * carries a stack trace or an exception's class name, and every error of the bridge's own routes is JSON.
 */
class EndpointsFuzzTest {
    static final String ADMIN = "fuzz-admin-token-0123456789";
    /** What a stack trace or a leaked exception looks like in a body. */
    static final Pattern STACK = Pattern.compile("\\tat |\\bat (java|org|io|sun|jdk)\\.|(java|org\\.apache|io\\.vertx|io\\.contactsbridge)"
            + "\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)|Caused by:");
    static final List<String[]> ENDPOINTS = List.of(
            new String[] {"POST", "/webhooks/highlevel"}, new String[] {"POST", "/webhooks/toggl"},
            new String[] {"GET", "/api/status"}, new String[] {"GET", "/api/dead-letters"},
            new String[] {"POST", "/api/dead-letters/{id}/replay"}, new String[] {"DELETE", "/api/dead-letters/{id}"},
            new String[] {"POST", "/api/sync-now"}, new String[] {"GET", "/api/audit"}, new String[] {"POST", "/api/rollback"},
            new String[] {"POST", "/sandbox/highlevel/contacts/"}, new String[] {"PUT", "/sandbox/highlevel/contacts/{id}"},
            new String[] {"POST", "/sandbox/highlevel/oauth/token"}, new String[] {"GET", "/sandbox/highlevel/contacts/"},
            new String[] {"POST", "/sandbox/toggl/api/v9/workspaces/{id}/clients"},
            new String[] {"GET", "/nowhere/{id}"}, new String[] {"PATCH", "/api/rollback"});
    private static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Bridge bridge;
    private static int tries;

    @BeforeContainer
    static void start() {
        Robustness.recordSecrets(List.of(ADMIN));
        bridge = TestBridge.sandbox().with("bridge.admin-token", ADMIN).with(SyncSettings.POLL_ENABLED, "false")
                .with(SyncSettings.MAX_ATTEMPTS, "1").start();
    }

    @AfterContainer
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        Robustness.summary("endpoint fuzzing", tries + " requests over " + ENDPOINTS.size()
                + " endpoints, no stack trace; statuses " + STATUSES);
    }

    record Request(String method, String path, String query, String contentType, byte[] body, boolean admin) {
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                JsonArbitraries.jsonValues(3).map(j -> j.toString().getBytes(StandardCharsets.UTF_8)),
                JsonArbitraries.truncated(JsonArbitraries.jsonValues(2)),
                Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.of("{\"eventId\":\"x\",\"apply\":true}", "{\"from\":\"yesterday\"}", "{\"flow\":5}",
                        "{\"from\":\"2030-01-01T00:00:00Z\",\"to\":\"2020-01-01T00:00:00Z\"}", "[]", "null", "")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().all().ofMaxLength(20), Arbitraries.of("99999999999999999999999", "-1", "%00", ".."));
        Arbitrary<String> queries = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("limit", "offset", "before", "eventId", "flow", "x"),
                        Arbitraries.strings().all().ofMaxLength(12)).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Arbitrary<String> types = Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=latin-9");
        return Combinators.combine(Arbitraries.of(ENDPOINTS), ids, queries, types, bodies, Arbitraries.of(true, false))
                .as((endpoint, id, query, type, body, admin) -> new Request(endpoint[0],
                        endpoint[1].replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8)), query, type, body, admin));
    }

    @Property(tries = 600, shrinking = ShrinkingMode.OFF)
    void noAnswerCarriesAStackTrace(@ForAll("requests") Request r) throws Exception {
        tries++;
        String url = TestBridge.httpUrl(bridge) + r.path() + (r.query().isEmpty() ? "" : "?" + r.query());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(r.method(), r.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (!r.contentType().isEmpty()) {
            b.header("Content-Type", r.contentType());
        }
        if (r.admin()) {
            b.header("Authorization", "Bearer " + ADMIN);
        }
        HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        STATUSES.merge(answer.statusCode(), 1, Integer::sum);
        assertThat(answer.body()).as(r.method() + " " + url + " -> " + answer.statusCode()).doesNotContainPattern(STACK);
        assertThat(answer.statusCode()).as(r.method() + " " + url + ": " + answer.body()).isBetween(200, 599);
        boolean ours = r.path().startsWith("/api/") || r.path().startsWith("/webhooks/");
        if (ours && answer.statusCode() >= 400 && answer.statusCode() != 404 && answer.statusCode() != 405) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(r.method() + " " + url + ": " + answer.body())
                    .startsWith("application/json");
            assertThat(answer.body()).as(url).startsWith("{").hasSizeLessThan(2000);
        }
    }

    /** A route failing unexpectedly (its table gone) answers a short JSON 500 too, never Camel's stack trace. */
    @net.jqwik.api.Example
    void aRouteThatFailsUnexpectedlyAnswersShortJson() throws Exception {
        for (String[] broken : List.of(new String[] {"dead_letter", "/api/dead-letters"}, new String[] {"sync_audit", "/api/audit"})) {
            rename(broken[0], broken[0] + "_away");
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + broken[1]))
                        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(answer.body()).doesNotContainPattern(STACK).doesNotContain(broken[0])
                        .contains("\"error\":\"internal_error\"").hasSizeLessThan(200);
            } finally {
                rename(broken[0] + "_away", broken[0]);
            }
        }
    }

    private static void rename(String from, String to) throws Exception {
        try (var c = bridge.database().dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void theManagementServerNeitherLeaksAStackTrace(@ForAll("requests") Request r) throws Exception {
        String path = List.of("/observe/health", "/observe/health/ready", "/observe/metrics", r.path()).get(Math.floorMod(tries, 4));
        tries++;
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + path))
                .method(r.method(), HttpRequest.BodyPublishers.ofByteArray(r.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).as(path).doesNotContainPattern(STACK);
    }
}
