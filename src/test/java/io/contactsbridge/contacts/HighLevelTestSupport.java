package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.Exchange;

/** An in-process bridge (sandbox mode, HighLevel only) whose simulator validates every request against the spec. */
final class HighLevelTestSupport implements AutoCloseable {
    final ValidatingSimulator validating;
    final HighLevelSimulator sim;
    final Bridge bridge;

    private HighLevelTestSupport(ValidatingSimulator validating, Bridge bridge) {
        this.validating = validating;
        this.sim = validating.simulator();
        this.bridge = bridge;
    }

    /** Fast retries for tests; more settings (and a pre-configured simulator) from the caller. */
    static HighLevelTestSupport start(HighLevelSimulator sim, Map<String, String> settings) {
        ValidatingSimulator v = new ValidatingSimulator(sim);
        Map<String, String> s = new HashMap<>();
        s.put(HighLevelConfig.RETRY_INITIAL_DELAY, "20");
        s.put(HighLevelConfig.RETRY_MAX_DELAY, "200");
        s.putAll(settings);
        Bridge bridge = TestBridge.sandbox().connectors(List.of(new HighLevelConnector()))
                .simulators(List.of(v)).with(s).start();
        return new HighLevelTestSupport(v, bridge);
    }

    static HighLevelTestSupport start(Map<String, String> settings) {
        return start(new HighLevelSimulator(), settings);
    }

    /** Runs an operation route; the typed exception is thrown as is. */
    @SuppressWarnings("unchecked")
    Map<String, Object> call(String operationId, Map<String, ?> headers, Object body) {
        Exchange answer = send(operationId, headers, body);
        if (answer.getException() instanceof RuntimeException e) {
            throw e;
        }
        assertThat(answer.getException()).isNull();
        return answer.getMessage().getBody(Map.class);
    }

    Exchange send(String operationId, Map<String, ?> headers, Object body) {
        return bridge.context().createProducerTemplate().send("direct:contacts." + operationId, ex -> {
            ex.getIn().getHeaders().putAll(headers);
            ex.getIn().setBody(body);
        });
    }

    RequestLog log() {
        return bridge.simulators().log(HighLevelSimulator.NAME);
    }

    /** Requests the simulator saw with this method whose path starts with the prefix. */
    long count(String method, String pathPrefix) {
        return log().entries().stream().filter(e -> e.method().equals(method) && e.path().startsWith(pathPrefix)).count();
    }

    io.contactsbridge.connector.http.QuotaPacer pacer() {
        return ((HighLevelQuota) client().profile().quota()).pacer();
    }

    ApiClient client() {
        return bridge.context().getRegistry().lookupByNameAndType(ContactsApi.CLIENT_BEAN, ApiClient.class);
    }

    /** Fresh data, no faults, empty logs. */
    void reset() {
        sim.reset();
        log().clear();
        validating.clear();
    }

    /** Every request sent so far conformed to contacts.json. */
    void assertSpecConform() {
        assertThat(validating.errors()).as("requests that break contacts.json").isEmpty();
    }

    static Map<String, Object> json(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<>() { });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        bridge.close();
    }
}
