package io.contactsbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.contactsbridge.config.SecretMasker;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void masksRegisteredSecretsLongestFirst() {
        SecretMasker.register("abc123-token-xyz");
        SecretMasker.register("abc123-token-xyz-and-more");
        assertThat(SecretMasker.mask("a abc123-token-xyz-and-more b abc123-token-xyz c"))
                .isEqualTo("a **** b **** c");
    }

    @Test
    void ignoresShortValuesThatWouldMaskOrdinaryWords() {
        SecretMasker.register("sa");
        assertThat(SecretMasker.mask("user sa connected")).isEqualTo("user sa connected");
    }

    @Test
    void previewNeverShowsTheWholeSecret() {
        assertThat(SecretMasker.preview("sandbox-highlevel-token")).doesNotContain("sandbox-highlevel-token");
    }

    @Test
    void textAndJsonEncodersMaskMessagesAndStackTraces() {
        SecretMasker.register("s3cr3t-value-for-test");
        LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        LoggingEvent event = new LoggingEvent("x", ctx.getLogger("test"), Level.WARN,
                "token is {}", new IllegalStateException("boom s3cr3t-value-for-test"), new Object[] {"s3cr3t-value-for-test"});

        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(ctx);
        pattern.setPattern("%msg %ex");
        MaskingEncoder text = new MaskingEncoder();
        text.setContext(ctx);
        text.setDelegate(pattern);
        text.start();
        String line = new String(text.encode(event), StandardCharsets.UTF_8);
        assertThat(line).contains("token is ****").contains("boom ****").doesNotContain("s3cr3t-value-for-test");

        JsonEncoder jsonDelegate = new JsonEncoder();
        jsonDelegate.setContext(ctx);
        jsonDelegate.setWithFormattedMessage(true);
        MaskingEncoder json = new MaskingEncoder();
        json.setContext(ctx);
        json.setDelegate(jsonDelegate);
        json.start();
        String jsonLine = new String(json.encode(event), StandardCharsets.UTF_8);
        assertThat(jsonLine).startsWith("{").doesNotContain("s3cr3t-value-for-test").contains("****");
        assertThat(jsonLine.strip()).doesNotContain("\n");
    }
}
