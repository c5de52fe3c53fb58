package io.contactsbridge.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** BouncyCastle's Ed25519 gives the JDK's answers for signatures the JDK made. */
class Ed25519SignaturesTest {
    private static final byte[] BODY = "{\"type\":\"ContactCreate\",\"id\":\"c1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void verifiesWhatTheJdkSignedAndNothingElse() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] signature = jdkSign(keys, BODY);
        Ed25519Signatures verifier = Ed25519Signatures.verifier(keys.getPublic());

        assertThat(verifier.verifies(BODY, signature)).isTrue();
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        assertThat(verifier.verifies(tampered, signature)).isFalse();
        assertThat(verifier.verifies(BODY, jdkSign(other, BODY))).isFalse();
        assertThat(verifier.verifies(BODY, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(verifier.verifies(BODY, Arrays.copyOf(signature, 65))).isFalse();
        assertThat(verifier.verifies(BODY, new byte[0])).isFalse();
        byte[] flipped = signature.clone();
        flipped[40] ^= 0x10;
        assertThat(verifier.verifies(BODY, flipped)).isFalse();
    }

    @Test
    void anotherKindOfKeyIsRefusedAtOnce() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> Ed25519Signatures.verifier(rsa.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 key (RSA)");
    }

    private static byte[] jdkSign(KeyPair keys, byte[] body) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update(body);
        return s.sign();
    }
}
