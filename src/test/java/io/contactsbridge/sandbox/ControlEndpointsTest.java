package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ControlEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Faults faults = Faults.builder().build();
    final Map<String, Object> limits = new LinkedHashMap<>(Map.of("max", 10));
    final ControlEndpoints controls = new ControlEndpoints(new ControlEndpoints.Answers() {
        @Override
        public SimResponse badRequest(String message) {
            return SimResponse.json(400, "bad: " + message);
        }

        @Override
        public SimResponse notFound(SimRequest request) {
            return SimResponse.json(404, "no " + request.method() + " " + request.path());
        }
    }).faults(faults).add("limits", new ControlEndpoints.Knobs() {
        @Override
        public Map<String, Object> read() {
            return limits;
        }

        @Override
        public void apply(Map<String, Object> changes) {
            limits.putAll(changes);
        }

        @Override
        public void reset() {
            limits.put("max", 10);
        }
    });

    SimResponse call(String method, String path, String body) {
        return controls.handle(SimRequest.of(method, path, null, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(SimResponse r) throws Exception {
        return JSON.readValue(r.body(), Map.class);
    }

    @Test
    void readsChangesAndResetsKnobs() throws Exception {
        assertThat(map(call("GET", "/_faults", null))).containsEntry("errorRate", 0.0).containsKey("injected");
        assertThat(map(call("PUT", "/_faults", "{\"errorRate\":0.5,\"failNextCount\":2}"))).containsEntry("errorRate", 0.5)
                .containsEntry("failNextCount", 2);
        assertThat(map(call("POST", "/_faults/", "{\"latencyMs\":3}"))).containsEntry("latencyMs", 3);
        assertThat(faults.errorRate()).isEqualTo(0.5);
        assertThat(map(call("DELETE", "/_faults", null))).containsEntry("errorRate", 0.0).containsEntry("failNextCount", 0);
        assertThat(map(call("PUT", "/_limits", "{\"max\":3}"))).containsEntry("max", 3);
        assertThat(map(call("DELETE", "/_limits", null))).containsEntry("max", 10);
        assertThat(ControlEndpoints.isControl(SimRequest.of("GET", "/_faults", null, Map.of(), null))).isTrue();
        assertThat(ControlEndpoints.isControl(SimRequest.of("GET", "/contacts", null, Map.of(), null))).isFalse();
    }

    @Test
    void answersBadKnobsAndUnknownEndpointsInTheSimulatorsShape() {
        SimResponse bad = call("PUT", "/_faults", "{\"errorRate\":2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("bad: errorRate must be between 0 and 1");
        assertThat(call("PUT", "/_faults", "not json").status()).isEqualTo(400);
        assertThat(call("PUT", "/_faults", "{\"nonsense\":1}").status()).isEqualTo(400);
        assertThat(faults.errorRate()).isZero();
        assertThat(call("GET", "/_nothing", null).status()).isEqualTo(404);
        assertThat(call("PATCH", "/_faults", "{}").status()).isEqualTo(404);
    }
}
