package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.BridgeProbe;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Quota pacing against the simulator's real limiter, scopes at start and in check, metrics. */
class PacingScopesAndMetricsTest {

    @Test
    void bulkCallsAtTheLimitGetNo429() throws Exception {
        HighLevelSimulator sim = new HighLevelSimulator();
        sim.faults().limitMax(20).limitIntervalMs(2000);
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(sim, Map.of())) {
            hl.log().clear();
            String id = (String) sim.userCreateContact(Map.of("firstName", "P", "email", "p@example.com")).get("id");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Exchange>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                calls.add(pool.submit(() -> hl.send("get-contact", Map.of("contactId", id), null)));
            }
            for (Future<Exchange> f : calls) {
                assertThat(f.get(60, TimeUnit.SECONDS).getException()).isNull();
            }
            pool.shutdown();
            List<RequestLog.Entry> log = hl.log().entries();
            assertThat(log).hasSize(60);
            assertThat(log).extracting(RequestLog.Entry::status).containsOnly(200);
            assertThat(hl.pacer().max(HighLevelSimulator.LOCATION_ID)).isEqualTo(20);
            assertThat(hl.pacer().intervalMillis(HighLevelSimulator.LOCATION_ID)).isEqualTo(2000);
            hl.assertSpecConform();
        }
    }

    @Test
    void metricsPerOperationAndStatusAndAQuotaGauge() {
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(Map.of())) {
            hl.call("get-contacts", Map.of(), null);
            assertThatThrownBy(() -> hl.call("get-contact", Map.of("contactId", "missing"), null)).isInstanceOf(NotFound.class);
            MeterRegistry registry = hl.client().meterRegistry();
            assertThat(registry.find("contacts.bridge.highlevel.requests").tags("operation", "get-contacts", "status", "200").timer())
                    .isNotNull().matches(t -> t.count() >= 1);
            assertThat(registry.find("contacts.bridge.highlevel.requests").tags("operation", "get-contact", "status", "404").timer().count())
                    .isEqualTo(1);
            assertThat(registry.find(HighLevelQuota.GAUGE).tags("location", HighLevelSimulator.LOCATION_ID, "window", "interval")
                    .gauge().value()).isBetween(0.0, 100.0);
            assertThat(registry.find(HighLevelQuota.GAUGE).tags("window", "daily").gauge().value()).isGreaterThan(0);
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().toString()).doesNotContain(HighLevelSimulator.TOKEN);
            }
            // the registry the bridge serves: the names dashboards and alerts use
            assertThat(BridgeProbe.metrics(hl.bridge))
                    .containsPattern("contacts_bridge_highlevel_requests_seconds_count\\{operation=\"get-contact\",status=\"404\"} 1")
                    .containsPattern("contacts_bridge_highlevel_quota_remaining\\{location=\"" + HighLevelSimulator.LOCATION_ID
                            + "\",window=\"daily\"} [1-9]");
        }
    }

    @Test
    void aStaticTokenWithoutWriteScopeStopsAWriteBridge() {
        HighLevelSimulator sim = new HighLevelSimulator();
        sim.registerToken("readonly-token-123", "contacts.readonly");
        assertThatThrownBy(() -> HighLevelTestSupport.start(sim, Map.of(HighLevelConfig.TOKEN, "readonly-token-123")).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contacts.write").hasMessageContaining("probed").hasMessageContaining("HIGHLEVEL_READ_ONLY")
                .hasMessageNotContaining("readonly-token-123");
    }

    @Test
    void aTokenWithoutReadScopeIsRefused() {
        HighLevelSimulator sim = new HighLevelSimulator();
        sim.registerToken("no-scope-token-123");
        assertThatThrownBy(() -> HighLevelTestSupport.start(sim, Map.of(HighLevelConfig.TOKEN, "no-scope-token-123")).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("contacts.readonly");
    }

    @Test
    void anUnknownTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> HighLevelTestSupport.start(Map.of(HighLevelConfig.TOKEN, "not-a-real-token")).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid token").hasMessageContaining("HIGHLEVEL_TOKEN")
                .hasMessageNotContaining("not-a-real-token");
    }

    @Test
    void readOnlyBridgeStartsWithAReadScopeAndRefusesWrites() {
        HighLevelSimulator sim = new HighLevelSimulator();
        sim.registerToken("readonly-token-456", "contacts.readonly");
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(sim, Map.of(HighLevelConfig.TOKEN, "readonly-token-456",
                HighLevelConfig.READ_ONLY, "true"))) {
            hl.log().clear();
            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
            assertThatThrownBy(() -> hl.call("create-note", Map.of("contactId", "x"), Map.of("body", "b")))
                    .isInstanceOfSatisfying(ScopeMissing.class, e -> assertThat(e.scope()).isEqualTo("contacts.write"));
            assertThat(hl.log().entries()).hasSize(1); // the write was refused here, not sent

            // what the API itself says to a write without the scope: 401 "not authorized for this scope"
            Exchange probe = hl.bridge.context().createProducerTemplate().send("direct:contacts.delete-contact", ex -> {
                ex.setProperty(ApiClient.PROBE, true);
                ex.getIn().setHeader("contactId", "whatever");
            });
            assertThat(probe.getException()).isInstanceOfSatisfying(ScopeMissing.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.getMessage()).contains("contacts.write");
            });

            CheckResult check = new HighLevelConnector().check(hl.bridge.context());
            assertThat(check.ok()).isTrue();
            assertThat(check.message()).contains("no contacts.write").contains("probed");
        }
    }

    @Test
    void checkSaysOkWithBothScopes() {
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(Map.of())) {
            CheckResult check = new HighLevelConnector().check(hl.bridge.context());
            assertThat(check.ok()).isTrue();
            assertThat(check.message()).startsWith("OK").contains("sandbox-location").contains("contacts.readonly, contacts.write");
            hl.assertSpecConform();
        }
    }
}
