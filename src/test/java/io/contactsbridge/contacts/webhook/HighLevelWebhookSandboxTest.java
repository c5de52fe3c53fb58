package io.contactsbridge.contacts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.BridgeProbe;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * The sandbox end to end: the HighLevel simulator signs its webhooks with its own keys (which
 * sandbox mode hands to the receiver's settings) and delivers them to {@code /webhooks/highlevel};
 * they are verified, stored, and translate into canonical changes.
 */
class HighLevelWebhookSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void simulatorWebhooksLandInTheInbox() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().start()) {
            String api = TestBridge.httpUrl(bridge) + "/sandbox/highlevel";
            String body = JSON.writeValueAsString(Map.of("locationId", "sandbox-location", "firstName", "Grace",
                    "lastName", "Hopper", "email", "grace.webhook@navy.example"));
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/contacts/"))
                    .header("Authorization", "Bearer sandbox-highlevel-token").header("Version", "2021-07-28")
                    .header("Accept", "application/json").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String contactId = JSON.readTree(created.body()).path("contact").path("id").asText();

            await().atMost(Duration.ofSeconds(20)).until(() -> !BridgeProbe.inbox(bridge, "highlevel").isEmpty());
            List<Map<String, String>> rows = BridgeProbe.inbox(bridge, "highlevel");
            assertThat(rows).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry("record_key", "highlevel:contact:" + contactId)
                    .containsEntry("kind", "webhook"));

            ChangeTranslator translator = BridgeProbe.translator(bridge, "highlevel");
            List<CanonicalChange> changes = translator.translate(rows.get(0).get("payload"));
            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.entity()).isEqualTo(CanonicalChange.Entity.of("contact"));
                assertThat(c.action()).isEqualTo(CanonicalChange.Action.CREATED);
                assertThat(c.sourceId()).isEqualTo(contactId);
                assertThat(c.eventId()).isEqualTo(rows.get(0).get("event_id"));
                assertThat(c.fields()).containsEntry("email", "grace.webhook@navy.example");
            });
        }
    }
}
