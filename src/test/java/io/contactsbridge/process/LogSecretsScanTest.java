package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets check finds a planted secret, and names it without printing it. */
class LogSecretsScanTest {

    @Test
    void findsAPlantedSecretAndDoesNotRepeatIt(@TempDir Path dir) throws Exception {
        Path clean = Files.writeString(dir.resolve("a.log"), "INFO started, token ****\n");
        Path leaky = Files.writeString(dir.resolve("b.log"), "DEBUG Authorization: Bearer pit-9f8e7d6c5b4a\n");
        List<String> hits = LogSecretsCheck.scan(Set.of("pit-9f8e7d6c5b4a"), List.of(clean, leaky));
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0)).contains("b.log").doesNotContain("9f8e7d6c5b4a");
    }

    @Test
    void findsEveryEncodedFormOfASecret(@TempDir Path dir) throws Exception {
        String secret = "tok/en+with=odd chars";
        String basic = java.util.Base64.getEncoder().encodeToString((secret + ":api_token").getBytes());
        List<Path> logs = List.of(
                Files.writeString(dir.resolve("json.log"), "{\"message\":\"token tok\\/en+with=odd chars\"}\n"),
                Files.writeString(dir.resolve("url.log"), "body refresh_token=" + java.net.URLEncoder.encode(secret,
                        java.nio.charset.StandardCharsets.UTF_8) + "&x=1\n"),
                Files.writeString(dir.resolve("basic.log"), "Authorization: Basic " + basic + "\n"));
        List<String> hits = LogSecretsCheck.scan(Set.of(secret), logs);
        assertThat(hits).hasSize(3).noneMatch(h -> h.contains("with=odd"));
        assertThat(String.join("\n", hits)).contains("json.log").contains("url.log").contains("basic.log");
    }
}
