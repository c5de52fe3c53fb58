package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A simulator receives an url-encoded body as the raw bytes the client sent, over the real HTTP path. */
class FormBodiesTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Keeps every request it was given. */
    static final class RecordingSimulator implements Simulator {
        final List<SimRequest> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "forms";
        }

        @Override
        public SimResponse handle(SimRequest r) {
            seen.add(r);
            return SimResponse.json(200, r.form());
        }

        @Override
        public Map<String, String> connectorSettings(String rootUrl) {
            return Map.of();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aFormBodyArrivesRawWithItsFieldsInOrder(HttpClient.Version version) throws Exception {
        RecordingSimulator sim = new RecordingSimulator();
        try (Bridge bridge = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(sim)).start()) {
            String root = TestBridge.httpUrl(bridge) + "/sandbox/forms";
            String form = "grant_type=refresh_token&scope=a+b&scope=c&note=fish%26chips&city=K%C3%B6ln&empty=&flag";
            HttpClient client = HttpClient.newBuilder().version(version).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(root + "/oauth/token?from=query"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);

            SimRequest got = sim.seen.get(0);
            assertThat(got.bodyText()).isEqualTo(form);
            assertThat(got.form()).containsExactly(
                    Map.entry("grant_type", List.of("refresh_token")),
                    Map.entry("scope", List.of("a b", "c")),
                    Map.entry("note", List.of("fish&chips")),
                    Map.entry("city", List.of("Köln")),
                    Map.entry("empty", List.of("")),
                    Map.entry("flag", List.of("")));
            // form fields and query parameters are not request headers
            assertThat(got.headers()).doesNotContainKeys("grant_type", "scope", "note", "from");
            assertThat(got.header("Content-Type")).contains("application/x-www-form-urlencoded; charset=UTF-8");
            assertThat(got.queryParam("from")).contains("query");
        }
    }

    @Test
    void otherBodiesAndEmptyFormsArriveAsSent() throws Exception {
        RecordingSimulator sim = new RecordingSimulator();
        try (Bridge bridge = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(sim)).start()) {
            String root = TestBridge.httpUrl(bridge) + "/sandbox/forms";
            byte[] json = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
            HTTP.send(HttpRequest.newBuilder(URI.create(root + "/json")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString());
            HTTP.send(HttpRequest.newBuilder(URI.create(root + "/empty?a=1"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sim.seen.get(0).body()).isEqualTo(json);
            assertThat(sim.seen.get(1).body()).isEmpty();
            assertThat(sim.seen.get(1).form()).isEmpty();
        }
    }
}
