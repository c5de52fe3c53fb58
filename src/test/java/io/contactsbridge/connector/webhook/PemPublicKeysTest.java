package io.contactsbridge.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

class PemPublicKeysTest {
    private static final String KEY = "highlevel.webhook.ed25519-key";

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void readsInlineFileClasspathAndOneLineForms() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        String pem = pem(key);
        assertThat(PemPublicKeys.read(KEY, pem, "Ed25519")).isEqualTo(key);
        assertThat(PemPublicKeys.read(KEY, pem.replace("\n", "\\n"), "Ed25519")).isEqualTo(key);
        assertThat(PemPublicKeys.read(KEY, Base64.getEncoder().encodeToString(key.getEncoded()), "Ed25519")).isEqualTo(key);
        Path file = TestBridge.tempDir().resolve("k.pem");
        Files.writeString(file, pem);
        assertThat(PemPublicKeys.read(KEY, file.toString(), "Ed25519")).isEqualTo(key);
        assertThat(PemPublicKeys.read(KEY, "file:" + file, "Ed25519")).isEqualTo(key);
    }

    @Test
    void thePublishedHighLevelRsaKeyIsTheDefault() {
        PublicKey rsa = PemPublicKeys.read("highlevel.webhook.rsa-key", "classpath:highlevel/webhook-signing-key-rsa.pem", "RSA");
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAPublicKey) rsa).getModulus().bitLength()).isEqualTo(4096);
    }

    @Test
    void badValuesNameTheSetting() throws Exception {
        assertThatThrownBy(() -> PemPublicKeys.read(KEY, "/no/such/file.pem", "Ed25519"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HIGHLEVEL_WEBHOOK_ED25519_KEY");
        assertThatThrownBy(() -> PemPublicKeys.read(KEY, "classpath:nope.pem", "Ed25519"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HIGHLEVEL_WEBHOOK_ED25519_KEY");
        assertThatThrownBy(() -> PemPublicKeys.read(KEY, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "Ed25519"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a PEM Ed25519 public key");
        // an RSA key where an Ed25519 key belongs
        PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        assertThatThrownBy(() -> PemPublicKeys.read(KEY, pem(rsa), "Ed25519"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HIGHLEVEL_WEBHOOK_ED25519_KEY");
    }
}
