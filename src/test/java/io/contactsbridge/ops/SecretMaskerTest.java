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

    @Test
    void jsonLogsMaskASecretWhoseSlashIsEscaped() {
        SecretMasker.register("json/secret+value-1");
        LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        LoggingEvent event = new LoggingEvent("x", ctx.getLogger("test"), Level.WARN, "got {}", null,
                new Object[] {"json/secret+value-1"});
        JsonEncoder jsonDelegate = new JsonEncoder();
        jsonDelegate.setContext(ctx);
        jsonDelegate.setWithFormattedMessage(true);
        MaskingEncoder json = new MaskingEncoder();
        json.setContext(ctx);
        json.setDelegate(jsonDelegate);
        json.start();
        String line = new String(json.encode(event), StandardCharsets.UTF_8);
        assertThat(line).contains("got ****").doesNotContain("secret+value-1");
        assertThat(SecretMasker.mask("{\"m\":\"json\\/secret+value-1\"}")).isEqualTo("{\"m\":\"****\"}");
    }

    @Test
    void urlEncodedFormsAreMasked() {
        SecretMasker.register("url secret/with+signs=");
        String encoded = java.net.URLEncoder.encode("url secret/with+signs=", StandardCharsets.UTF_8);
        assertThat(SecretMasker.mask("grant_type=refresh_token&refresh_token=" + encoded))
                .isEqualTo("grant_type=refresh_token&refresh_token=****");
        assertThat(SecretMasker.mask("q=" + encoded.replace("+", "%20"))).isEqualTo("q=****");
        assertThat(SecretMasker.mask("q=" + encoded.toLowerCase().replace("url", "url"))).doesNotContain("%2fwith");
    }

    @Test
    void theBasicHeaderOfAnApiTokenIsMasked() {
        String token = "toggl-api-token-1234567890";
        SecretMasker.register(token); // as the setting TOGGL_API_TOKEN is registered at start
        String header = java.util.Base64.getEncoder().encodeToString((token + ":api_token").getBytes(StandardCharsets.UTF_8));
        assertThat(SecretMasker.mask("Authorization: Basic " + header)).isEqualTo("Authorization: Basic ****");
    }

    @Test
    void tokensInARawTokenAnswerAreMaskedBeforeItIsParsed() {
        String raw = "{\"access_token\":\"at-new\\/9f8e7d6c\",\"refresh_token\":\"rt-new-5a4b3c2d\",\"expires_in\":86399}";
        SecretMasker.registerTokensIn("test-endpoint", raw);
        assertThat(SecretMasker.mask(raw)).doesNotContain("9f8e7d6c").doesNotContain("5a4b3c2d");
        assertThat(SecretMasker.mask("Bearer at-new/9f8e7d6c")).isEqualTo("Bearer ****");
    }

    @Test
    void supersededTokensLeaveTheRegistry() {
        for (int i = 0; i < 20; i++) {
            SecretMasker.registerIssued("test-owner/loc", "issued-token-" + i + "-abcdef");
        }
        assertThat(SecretMasker.registered()).filteredOn(s -> s.startsWith("issued-token-"))
                .hasSize(SecretMasker.ISSUED_PER_OWNER).contains("issued-token-19-abcdef").doesNotContain("issued-token-0-abcdef");
        assertThat(SecretMasker.mask("issued-token-19-abcdef")).isEqualTo("****");
    }
}
