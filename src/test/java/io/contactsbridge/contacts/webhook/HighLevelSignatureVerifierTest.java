package io.contactsbridge.contacts.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;

class HighLevelSignatureVerifierTest {
    private static final WebhookKeys KEYS = new WebhookKeys();
    private static final byte[] BODY = "{\"type\":\"ContactCreate\",\"id\":\"c1\"}".getBytes(StandardCharsets.UTF_8);

    private static WebhookRequest request(String... headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new WebhookRequest(BODY, h::get, Instant.now());
    }

    private static void refused(HighLevelSignatureVerifier v, WebhookRequest r, String reason) {
        assertThatThrownBy(() -> v.verify(r)).isInstanceOf(WebhookRejection.class)
                .satisfies(t -> org.assertj.core.api.Assertions.assertThat(((WebhookRejection) t).reason()).isEqualTo(reason))
                .satisfies(t -> org.assertj.core.api.Assertions.assertThat(((WebhookRejection) t).status()).isEqualTo(401));
    }

    @Test
    void bothKeys() {
        var v = new HighLevelSignatureVerifier(KEYS.ed25519.getPublic(), KEYS.rsa.getPublic());
        assertThatCode(() -> v.verify(request("X-GHL-Signature", KEYS.ghl(BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> v.verify(request("x-ghl-signature", KEYS.ghl(BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> v.verify(request("x-wh-signature", KEYS.legacyRsa(BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> v.verify(request("X-WH-Signature", KEYS.ghl(BODY)))).doesNotThrowAnyException();
        refused(v, request("X-GHL-Signature", KEYS.legacyRsa(BODY)), "signature_invalid");
        refused(v, request("X-GHL-Signature", "%%%"), "signature_invalid");
        refused(v, request("X-GHL-Signature", ""), "signature_missing");
        refused(v, request(), "signature_missing");
        refused(v, request("X-GHL-Signature", WebhookKeys.sign("Ed25519", KEYS.otherEd25519.getPrivate(), BODY),
                "x-wh-signature", KEYS.legacyRsa(BODY)), "signature_invalid");
    }

    @Test
    void withoutAnEd25519KeyTheLegacyHeaderDecides() {
        var v = new HighLevelSignatureVerifier(null, KEYS.rsa.getPublic());
        assertThatCode(() -> v.verify(request("X-GHL-Signature", "anything", "x-wh-signature", KEYS.legacyRsa(BODY))))
                .doesNotThrowAnyException();
        refused(v, request("X-GHL-Signature", KEYS.ghl(BODY)), "signature_unverifiable");
        refused(v, request("x-wh-signature", KEYS.ghl(BODY)), "signature_invalid");
    }

    @Test
    void withoutAnRsaKeyTheLegacyHeaderIsTriedAsEd25519() {
        var v = new HighLevelSignatureVerifier(KEYS.ed25519.getPublic(), null);
        assertThatCode(() -> v.verify(request("x-wh-signature", KEYS.ghl(BODY)))).doesNotThrowAnyException();
        refused(v, request("x-wh-signature", KEYS.legacyRsa(BODY)), "signature_invalid");
    }
}
