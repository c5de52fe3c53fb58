package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.TestBridge;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A newcomer runs {@code java -jar contacts-bridge.jar --sandbox} and looks at HighLevel: the demo
 * Toggl clients are contacts within 10 s of "ready" (companies as company names), and the log says
 * so, one line per decision, as JSON with {@code LOG_FORMAT=json}.
 */
class SandboxFirstMinutesIT {

    @Test
    @SuppressWarnings("unchecked")
    void theDemoClientsAreHighLevelContactsWithinTenSecondsOfReady() throws Exception {
        int http = TestBridge.freePort();
        int management = TestBridge.freePort();
        Map<String, String> env = JarCommandLineIT.ports(http, management);
        env.put("LOG_FORMAT", "json");
        try (JarProcess p = JarProcess.start(JarCommandLineIT.workDir(), env, "--sandbox")) {
            URI ready = URI.create("http://127.0.0.1:" + management + "/observe/health/ready");
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> status(ready) == 200);
            long readyAt = System.nanoTime();

            URI contacts = URI.create("http://127.0.0.1:" + http + "/sandbox/highlevel/contacts/?locationId="
                    + HighLevelSimulator.LOCATION_ID + "&limit=100");
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<Map<String, Object>> list = (List<Map<String, Object>>) new ObjectMapper()
                        .readValue(get(contacts).body(), Map.class).get("contacts");
                assertThat(list).as(p.output()).anySatisfy(c -> {
                    assertThat(c.get("companyName")).isEqualTo("Acme Corporation");
                    assertThat(c.get("firstName")).isNull();
                });
                assertThat(list).anySatisfy(c -> assertThat(c.get("companyName")).isEqualTo("Globex Ltd"));
            });
            System.out.printf("demo clients in HighLevel %.1f s after ready%n", (System.nanoTime() - readyAt) / 1e9);

            // the decision lines, as JSON objects with their fields
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(p.output().lines()
                    .filter(l -> l.contains("\"loggerName\":\"io.contactsbridge.sync.DecisionLog\""))
                    .filter(l -> l.contains("Toggl Track client 'Acme Corporation' → HighLevel contact"))
                    .map(l -> {
                        try {
                            return (Map<String, Object>) new ObjectMapper().readValue(l, Map.class);
                        } catch (Exception e) {
                            throw new AssertionError("not JSON: " + l, e);
                        }
                    }).toList()).anySatisfy(line -> assertThat(String.valueOf(line.get("kvpList")))
                    .contains("event=toggl:client:").contains("outcome=written").contains("target=highlevel")));
            assertThat(p.output()).contains("Contacts Bridge ready");
        }
    }

    static int status(URI uri) {
        try {
            return JarCommandLineIT.HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception notYet) {
            return 0;
        }
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return JarCommandLineIT.HTTP.send(HttpRequest.newBuilder(uri).GET()
                .header("Authorization", "Bearer " + HighLevelSimulator.TOKEN)
                .header("Version", "2021-07-28").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
