package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --sandbox}: the Hubstaff simulator's demo data reaches the HighLevel simulator on its own. */
class HubstaffSandboxTest {
    static Bridge bridge;
    static long readyAt;

    @BeforeAll
    static void start() {
        bridge = TestBridge.sandbox().with("hubstaff.poll-on-start", "true").start();
        readyAt = System.nanoTime();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static HighLevelSimulator highlevel() {
        return bridge.simulators().get("highlevel", HighLevelSimulator.class);
    }

    @Test
    void aHubstaffClientAppearsAsAContactWithinTenSecondsOfReady() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestBridge.managementUrl(bridge) + "/observe/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> highlevel().contacts().stream()
                .anyMatch(c -> "Initech LLC".equals(c.get("companyName"))));
        Map<String, Object> acme = highlevel().contacts().stream().filter(c -> "Initech LLC".equals(c.get("companyName")))
                .findFirst().orElseThrow();
        assertThat(acme.get("email")).isEqualTo("billing@initech.example");
        assertThat(String.valueOf(acme.get("tags"))).contains("hubstaff-client");
        // the webhook subscription was made and activated through the handshake, with a token in its path
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.simulators()
                .get("hubstaff", io.contactsbridge.sandbox.hubstaff.HubstaffSimulator.class).webhooks().stream()
                .anyMatch(w -> "active".equals(w.get("status"))
                        && String.valueOf(w.get("target_url")).matches(".*/webhooks/hubstaff/[A-Za-z0-9_-]{40,}")));
        // the day of demo activity: one note on the contact, with its project tag
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String id = (String) highlevel().contacts().stream().filter(c -> "Initech LLC".equals(c.get("companyName")))
                    .findFirst().orElseThrow().get("id");
            assertThat(highlevel().notes(id)).singleElement().satisfies(n -> assertThat((String) n.get("body"))
                    .startsWith("Hubstaff: 3h 20m on Website \u2014 4 members"));
            assertThat(String.valueOf(highlevel().contacts().stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow()
                    .get("tags"))).contains("project:website");
        });
    }
}
