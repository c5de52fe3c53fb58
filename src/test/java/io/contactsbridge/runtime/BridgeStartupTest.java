package io.contactsbridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.testing.FakeHub;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class BridgeStartupTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every bridge needs a hub: a test double with no routes of its own. */
    static List<Connector> withHub(Connector source) {
        return List.of(new FakeHub(new RouteBuilder() {
            @Override
            public void configure() {
            }
        }), source);
    }

    /** A source connector for these tests: needs one setting, adds one route. */
    static final class FakeSource implements Connector {
        @Override
        public String id() {
            return "fakesource";
        }

        @Override
        public List<String> secretKeys() {
            return List.of("fakesource.api-token");
        }

        @Override
        public List<io.contactsbridge.connector.http.ApiOperation> operations() {
            return List.of();
        }

        @Override
        public io.contactsbridge.connector.CheckResult check(org.apache.camel.CamelContext context) {
            return io.contactsbridge.connector.CheckResult.ok("fake");
        }

        @Override
        public String title() {
            return "Fake Source";
        }

        @Override
        public List<String> missingSettings(Settings settings) {
            return settings.missing(List.of("fakesource.api-token"));
        }

        @Override
        public List<RoutesBuilder> operationRoutes(Settings settings) {
            return List.of(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fakesource.ping").routeId("fakesource-ping").setBody(constant("pong"));
                }
            });
        }
    }

    @Test
    void refusesToRunWithoutHighLevelNamingEveryMissingSetting() {
        assertThatThrownBy(() -> TestBridge.of(Bridge.Mode.RUN)
                .with("highlevel.location-id", "").with("highlevel.token", "")
                .start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HIGHLEVEL_LOCATION_ID")
                .hasMessageContaining("HIGHLEVEL_TOKEN")
                .hasMessageContaining("HIGHLEVEL_CLIENT_ID")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void partialOAuthSettingsNameWhatIsMissing() {
        assertThatThrownBy(() -> TestBridge.of(Bridge.Mode.RUN)
                .with("highlevel.location-id", "loc").with("highlevel.token", "")
                .with("highlevel.client-id", "id").with("highlevel.client-secret", "")
                .with("highlevel.refresh-token", "")
                .start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HIGHLEVEL_CLIENT_SECRET")
                .hasMessageContaining("HIGHLEVEL_REFRESH_TOKEN")
                .hasMessageNotContaining("HIGHLEVEL_LOCATION_ID");
    }

    @Test
    void busyPortStopsStartNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            assertThatThrownBy(() -> TestBridge.sandbox()
                    .connectors(withHub(new FakeSource()))
                    .with(Bridge.HTTP_PORT, String.valueOf(taken.getLocalPort()))
                    .start())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("HTTP_PORT")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void unknownDatabaseUrlStopsStartNamingTheSetting() {
        assertThatThrownBy(() -> TestBridge.sandbox()
                .connectors(withHub(new FakeSource()))
                .with("bridge.db.url", "jdbc:oracle:thin:@x")
                .start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRIDGE_DB_URL");
    }

    @Test
    void malformedPortIsNamed() {
        assertThatThrownBy(() -> TestBridge.sandbox()
                .connectors(withHub(new FakeSource()))
                .with(Bridge.MANAGEMENT_PORT, "ninety")
                .start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MANAGEMENT_PORT");
    }

    @Test
    void sourceWithoutSettingsIsDisabledAndHealthIsServed() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().connectors(withHub(new FakeSource())).start()) {
            ConnectorState status = bridge.connectorStates().get("fakesource");
            assertThat(status.enabled()).isFalse();
            assertThat(status.reason()).contains("FAKESOURCE_API_TOKEN");
            assertThat(bridge.context().getRoute("fakesource-ping")).isNull();

            String mgmt = TestBridge.managementUrl(bridge);
            for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
                HttpResponse<String> r = get(mgmt + path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).contains("UP");
            }
            // the status data lists every connector, the disabled one with its reason, and the sync core
            HttpRequest statusData = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/api/status"))
                    .header("Authorization", "Bearer " + Bridge.SANDBOX_ADMIN_TOKEN).GET().build();
            HttpResponse<String> answer = HTTP.send(statusData, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"id\":\"highlevel\"").contains("\"state\":\"ok\"")
                    .contains("\"id\":\"fakesource\"").contains("\"state\":\"disabled\"").contains("FAKESOURCE_API_TOKEN")
                    .contains("\"sync\":{\"inbox\"");
            assertThat(get(TestBridge.httpUrl(bridge) + "/api/status").statusCode()).as("without the admin token").isEqualTo(401);
            HttpResponse<String> metrics = get(mgmt + "/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE").contains("jvm_memory");
            // per-route timers only (routePolicyLevel=route): the context-wide one timed every exchange again
            assertThat(metrics.body()).contains("eventType=\"route\"").doesNotContain("eventType=\"context\"");
        }
    }

    @Test
    void sourceWithSettingsIsEnabled() {
        try (Bridge bridge = TestBridge.sandbox().connectors(withHub(new FakeSource()))
                .with("fakesource.api-token", "abc").start()) {
            assertThat(bridge.connectorStates().get("fakesource").enabled()).isTrue();
            assertThat(bridge.context().createProducerTemplate().requestBody("direct:fakesource.ping", "", String.class))
                    .isEqualTo("pong");
        }
    }

    @Test
    void readinessFollowsTheStateStore() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().connectors(withHub(new FakeSource())).start()) {
            String ready = TestBridge.managementUrl(bridge) + "/observe/health/ready";
            assertThat(get(ready).statusCode()).isEqualTo(200);
            bridge.database().close(); // the store goes away
            HttpResponse<String> r = get(ready);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("DOWN");
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
