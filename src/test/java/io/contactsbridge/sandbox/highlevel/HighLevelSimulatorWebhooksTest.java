package io.contactsbridge.sandbox.highlevel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HighLevelSimulatorWebhooksTest extends SimulatorTestBase {
    /** One webhook as the receiver saw it: exact bytes and headers. */
    record Received(byte[] body, String ghlSignature, String whSignature) {
        Map<String, Object> json() {
            try {
                return SimClient.JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
            } catch (Exception e) {
                throw new AssertionError(new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String type() {
            return (String) json().get("type");
        }
    }

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    String receiverUrl;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-GHL-Signature"),
                    exchange.getRequestHeaders().getFirst("x-wh-signature")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void sendsSignedWebhooksForEveryApiChange() throws Exception {
        SimClient control = new SimClient(root);
        // HighLevel's legacy RSA header too (as before 2026-07-01), to check both signatures
        SimClient.Res set = control.put("/_webhooks", Map.of("url", receiverUrl, "legacySignature", true));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json()).containsEntry("url", receiverUrl);
        assertThat((String) set.json().get("ed25519PublicKey")).startsWith("-----BEGIN PUBLIC KEY-----");

        String contact = createContact("Web", "Hook", "web@hook.example", "+14155550111");
        api.put("/contacts/" + contact, Map.of("city", "Berlin"));
        api.post("/contacts/" + contact + "/tags", Map.of("tags", List.of("hooked")));
        String task = (String) api.post("/contacts/" + contact + "/tasks",
                Map.of("title", "t", "dueDate", "2030-01-01T00:00:00Z", "completed", false)).map("task").get("id");
        api.put("/contacts/" + contact + "/tasks/" + task + "/completed", Map.of("completed", true));
        api.delete("/contacts/" + contact + "/tasks/" + task);
        String note = (String) api.post("/contacts/" + contact + "/notes", Map.of("body", "n1")).map("note").get("id");
        api.put("/contacts/" + contact + "/notes/" + note, Map.of("body", "n2"));
        api.delete("/contacts/" + contact + "/notes/" + note);
        api.delete("/contacts/" + contact);

        List<String> expected = List.of("ContactCreate", "ContactUpdate", "ContactTagUpdate", "TaskCreate", "TaskComplete",
                "TaskDelete", "NoteCreate", "NoteUpdate", "NoteDelete", "ContactDelete");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= expected.size());
        assertThat(received).extracting(Received::type).containsExactlyElementsOf(expected);

        Map<String, String> settings = sim.connectorSettings("http://x/sandbox/highlevel");
        PublicKey ed = publicKey(settings.get("highlevel.webhook.ed25519-key"), "Ed25519");
        PublicKey rsa = publicKey(settings.get("highlevel.webhook.rsa-key"), "RSA");
        for (Received r : received) {
            assertThat(verify("Ed25519", ed, r.body(), r.ghlSignature())).as("X-GHL-Signature of " + r.type()).isTrue();
            assertThat(verify("SHA256withRSA", rsa, r.body(), r.whSignature())).as("x-wh-signature of " + r.type()).isTrue();
            Map<String, Object> json = r.json();
            assertThat(UUID.fromString((String) json.get("webhookId"))).isNotNull();
            assertThat(Instant.parse((String) json.get("timestamp"))).isBeforeOrEqualTo(Instant.now());
            assertThat(json).containsEntry("locationId", "sandbox-location");
        }
        assertThat(received.stream().map(r -> r.json().get("webhookId")).distinct()).hasSize(received.size());
        assertThat(received.get(0).json()).containsEntry("id", contact).containsEntry("email", "web@hook.example")
                .containsEntry("phone", "+14155550111").containsEntry("firstName", "Web").containsKeys("dateAdded", "tags", "customFields");
        assertThat(received.get(2).json()).containsEntry("tags", List.of("hooked"));
        assertThat(received.get(3).json()).containsEntry("id", task).containsEntry("contactId", contact).containsEntry("title", "t");
        assertThat(received.get(6).json()).containsEntry("id", note).containsEntry("body", "n1");

        // a tampered body no longer verifies
        byte[] tampered = new String(received.get(0).body(), StandardCharsets.UTF_8).replace("Web", "Bad").getBytes(StandardCharsets.UTF_8);
        assertThat(verify("Ed25519", ed, tampered, received.get(0).ghlSignature())).isFalse();
        assertThat(verify("SHA256withRSA", rsa, tampered, received.get(0).whSignature())).isFalse();
        assertThat(sim.webhookDeliveries()).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
    }

    @Test
    void userChangesFireWebhooksToo() throws Exception {
        new SimClient(root).put("/_webhooks", Map.of("legacySignature", false)); // the default; another test turns it on
        sim.setWebhookUrl(receiverUrl);
        Map<String, Object> c = sim.userCreateContact(Map.of("firstName", "Ui", "email", "ui@user.example"));
        sim.userUpdateContact((String) c.get("id"), Map.of("tags", List.of("a")));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertThat(received).extracting(Received::type).containsExactly("ContactCreate", "ContactUpdate", "ContactTagUpdate");
        // as HighLevel since 2026-07-01: X-GHL-Signature only, unless the legacy header is asked for
        assertThat(received).allSatisfy(r -> assertThat(r.ghlSignature()).isNotBlank())
                .allSatisfy(r -> assertThat(r.whSignature()).isNull());
    }

    @Test
    void sendsNoWebhooksWithoutAUrl() throws Exception {
        createContact("Quiet", "One", "quiet@one.example", null);
        assertThat(sim.awaitWebhooks(Duration.ofSeconds(5))).isTrue();
        assertThat(sim.webhookDeliveries()).isEmpty();
        assertThat(new SimClient(root).delete("/_webhooks").json()).containsEntry("url", null);
    }

    @Test
    void sendsRawAndBadlySignedBodiesAsTheyAre() throws Exception {
        sim.setWebhookUrl(receiverUrl);
        WebhookDelivery malformed = sim.sendSignedWebhook("{\"type\": \"ContactCreate\",");
        assertThat(malformed.status()).isEqualTo(200);
        byte[] body = "{\"type\":\"ContactDelete\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        sim.sendRawWebhook(body, Map.of("X-GHL-Signature", Base64.getEncoder().encodeToString(new byte[64])));
        assertThat(received).hasSize(2);
        assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"type\": \"ContactCreate\",");
        assertThat(verify("Ed25519", sim.ed25519PublicKey(), received.get(0).body(), received.get(0).ghlSignature())).isTrue();
        assertThat(received.get(1).body()).isEqualTo(body);
        assertThat(received.get(1).whSignature()).isNull();
        assertThat(verify("Ed25519", sim.ed25519PublicKey(), body, received.get(1).ghlSignature())).isFalse();
    }

    static PublicKey publicKey(String pem, String algorithm) throws Exception {
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    static boolean verify(String algorithm, PublicKey key, byte[] body, String signature) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initVerify(key);
        s.update(body);
        return s.verify(Base64.getDecoder().decode(signature));
    }
}
