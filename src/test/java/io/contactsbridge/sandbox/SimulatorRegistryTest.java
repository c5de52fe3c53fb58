package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

class SimulatorRegistryTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Echoes what it was asked, so the test sees exactly what a simulator receives. */
    static final class EchoSimulator implements Simulator {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public SimResponse handle(SimRequest r) {
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("simulated bug");
            }
            return SimResponse.json(201, Map.of("method", r.method(), "path", r.path(),
                    "q", r.queryParam("q").orElse(""), "auth", r.header("authorization").orElse(""),
                    "body", r.bodyText())).withHeader("X-Echo", "yes");
        }

        @Override
        public Map<String, String> connectorSettings(String rootUrl) {
            return Map.of("echo.base-url", rootUrl);
        }
    }

    @Test
    void servesEachSimulatorUnderItsRootWithARequestLog() throws Exception {
        try (Bridge bridge = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(new EchoSimulator())).start()) {
            String root = TestBridge.httpUrl(bridge) + "/sandbox/echo";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/things/7?q=a%20b"))
                    .header("Authorization", "Bearer secret-token-123")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("X-Echo")).contains("yes");
            // request headers are never echoed back as response headers
            assertThat(r.headers().firstValue("Authorization")).isEmpty();
            assertThat(r.body()).contains("\"path\":\"/things/7\"").contains("\"q\":\"a b\"")
                    .contains("\"method\":\"POST\"").contains("{\\\"x\\\":1}");

            HttpResponse<String> failing = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/boom")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(failing.statusCode()).isEqualTo(500);

            HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/_log")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(log.body()).contains("\"method\":\"POST\"").contains("\"path\":\"/things/7\"").contains("\"status\":201")
                    .contains("\"status\":500");
            assertThat(bridge.simulators().log("echo").entries()).hasSize(2);

            HttpResponse<String> cleared = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/_log")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(cleared.statusCode()).isEqualTo(204);
            assertThat(bridge.simulators().log("echo").entries()).isEmpty();
        }
    }

    @Test
    void pointsConnectorsAtTheirSimulators() {
        SimulatorRegistry registry = new SimulatorRegistry(List.of(new EchoSimulator()));
        assertThat(registry.connectorSettings("http://localhost:8080"))
                .containsEntry("echo.base-url", "http://localhost:8080/sandbox/echo");
    }

    @Test
    void simulatorNamesAreUnique() {
        assertThatThrownBy(() -> new SimulatorRegistry(List.of(new EchoSimulator(), new EchoSimulator())))
                .hasMessageContaining("echo");
    }
}
