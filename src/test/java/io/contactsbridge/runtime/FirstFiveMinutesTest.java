package io.contactsbridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.sandbox.Simulator;
import io.contactsbridge.sandbox.SimulatorRegistry;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.Watermarks;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first minutes with {@code --sandbox}: "ready" comes only once the webhook
 * subscription exists and the catch-up has started; the demo clients are HighLevel contacts within
 * 10 s of ready, companies as companyName only; an event of the first second after ready arrives
 * by webhook, not at the next poll.
 */
class FirstFiveMinutesTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** A schedule that never fires during the test: whatever arrives came by the catch-up or a webhook. */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @Test
    void theDemoClientsAreContactsWithinTenSecondsOfReady() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> decisions =
                new ch.qos.logback.core.read.ListAppender<>();
        decisions.start();
        ch.qos.logback.classic.Logger decisionLogger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(io.contactsbridge.sync.DecisionLog.class);
        ch.qos.logback.classic.Level level = decisionLogger.getLevel();
        decisionLogger.setLevel(ch.qos.logback.classic.Level.INFO); // a command-line test may have quietened the root
        decisionLogger.addAppender(decisions);
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.cron", NEVER).start()) {
            HighLevelSimulator highLevel = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
            TogglSimulator toggl = bridge.simulators().get(TogglSimulator.NAME, TogglSimulator.class);
            awaitReady(bridge, Duration.ofSeconds(60));
            long ready = System.nanoTime();
            assertThat(toggl.subscriptions()).as("the subscription exists when ready turns UP")
                    .anySatisfy(s -> {
                        assertThat(s.get("enabled")).isEqualTo(true);
                        assertThat(s.get("validated_at")).as("validated: Toggl delivers to it").isNotNull();
                        assertThat(String.valueOf(s.get("url_callback"))).endsWith("/webhooks/toggl");
                    });

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(contact(highLevel, "companyName", "Acme Corporation")).isPresent();
                assertThat(contact(highLevel, "companyName", "Globex Ltd")).isPresent();
                assertThat(contact(highLevel, "lastName", "Cooper")).isPresent();
            });
            System.out.printf("demo clients in HighLevel %.1f s after ready%n", (System.nanoTime() - ready) / 1e9);

            // the naming rule, end to end: companies are companyName only (no name the simulator would split)
            for (String company : List.of("Acme Corporation", "Globex Ltd")) {
                Map<String, Object> c = contact(highLevel, "companyName", company).orElseThrow();
                assertThat(c.get("firstName")).as(company).isNull();
                assertThat(c.get("lastName")).as(company).isNull();
            }
            Map<String, Object> jane = contact(highLevel, "lastName", "Cooper").orElseThrow();
            assertThat(jane.get("firstName")).isEqualTo("Jane");
            assertThat(jane.get("companyName")).isNull();
            // the catch-up moved the watermark: the next start does not read everything again
            Watermarks watermarks = bridge.context().getRegistry().lookupByNameAndType(SyncCore.WATERMARKS_BEAN,
                    Watermarks.class);
            assertThat(watermarks.get("toggl")).isNotNull();
            // and the log said so, one line per decision
            String acmeId = String.valueOf(contact(highLevel, "companyName", "Acme Corporation").orElseThrow().get("id"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.copyOf(decisions.list))
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("Toggl Track client 'Acme Corporation' → HighLevel contact "
                            + acmeId.substring(0, 8) + "… created [event toggl:client:")));
        } finally {
            decisionLogger.detachAppender(decisions);
            decisionLogger.setLevel(level);
        }
    }

    @Test
    void aClientCreatedInTheFirstSecondAfterReadyArrivesByWebhook() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.cron", NEVER).start()) {
            HighLevelSimulator highLevel = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
            TogglSimulator toggl = bridge.simulators().get(TogglSimulator.NAME, TogglSimulator.class);
            awaitReady(bridge, Duration.ofSeconds(60));
            Map<String, Object> client = toggl.createClient("Initech Inc", null);
            String clientId = String.valueOf(client.get("id"));

            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(contact(highLevel, "companyName", "Initech Inc")).isPresent());
            assertThat(BridgeProbe.inbox(bridge, "toggl")).as("the webhook reached the bridge")
                    .anySatisfy(row -> {
                        assertThat(row.get("kind")).isEqualTo("webhook");
                        assertThat(row.get("payload")).contains("Initech Inc").contains(clientId);
                    });
        }
    }

    @Test
    void readyWaitsForTheSubscriptionWhileTheVendorRefuses() throws Exception {
        TogglSimulator toggl = new TogglSimulator();
        // every call of the first attempt (and its retries) fails; the second attempt a second later succeeds
        toggl.failNext(4, 503);
        List<Simulator> simulators = new ArrayList<>(SimulatorRegistry.discover());
        simulators.removeIf(s -> s.name().equals(TogglSimulator.NAME));
        simulators.add(toggl);
        try (Bridge bridge = TestBridge.sandbox().simulators(simulators).with("bridge.poll.cron", NEVER)
                .with("toggl.retry.initial-delay-ms", "10").with("toggl.retry.max-delay-ms", "20").start()) {
            boolean sawDown = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && (status = readiness(bridge)) != 200) {
                if (status == 503 && toggl.subscriptions().isEmpty()) {
                    sawDown = true;
                }
                Thread.sleep(20);
            }
            assertThat(status).isEqualTo(200);
            assertThat(sawDown).as("readiness was DOWN while Toggl refused and there was no subscription").isTrue();
            assertThat(bridge.simulators().log(TogglSimulator.NAME).entries()).as("Toggl did refuse")
                    .anySatisfy(e -> assertThat(e.status()).isEqualTo(503));
            assertThat(toggl.subscriptions()).hasSize(1);
            assertThat(bridge.connectorStates().get("toggl").problem()).as("the problem is cleared").isNull();
        }
    }

    static Optional<Map<String, Object>> contact(HighLevelSimulator highLevel, String field, String value) {
        return highLevel.contacts().stream().filter(c -> value.equals(c.get(field))).findFirst();
    }

    static void awaitReady(Bridge bridge, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readiness(bridge) != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + timeout);
            }
            Thread.sleep(20);
        }
        assertThat(bridge.isReady()).isTrue();
    }

    static int readiness(Bridge bridge) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.managementUrl(bridge) + "/observe/health/ready"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException notYet) {
            return 0;
        }
    }
}
