package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.testing.Robustness;
import org.junit.jupiter.api.Test;

/**
 * Runs last in {@code mvn verify} (its own failsafe execution): greps every log the suite
 * produced — each test class's output, each jar process's log — for every secret the suite
 * configured or was issued, and fails on any hit. Then prints the robustness summary.
 */
class LogSecretsCheck {

    @Test
    void noLogOfTheSuiteHoldsASecret() throws IOException {
        Path target = Path.of("target");
        Set<String> secrets = readSecrets(Robustness.secretsDir());
        List<Path> logs = new ArrayList<>();
        logs.addAll(files(target.resolve("surefire-reports"), "-output.txt"));
        logs.addAll(files(target.resolve("failsafe-reports"), "-output.txt"));
        // the jar processes' logs, the bench's child processes' logs among them (BRIDGE_BENCH_DIR)
        logs.addAll(files(Robustness.logsDir(), ".log"));
        // a check of nothing proves nothing: the suite configures secrets and writes logs
        assertThat(secrets).as("secrets recorded by the suite").isNotEmpty();
        assertThat(logs).as("logs written by the suite").isNotEmpty();

        List<String> hits = scan(secrets, logs);
        long bytes = 0;
        for (Path log : logs) {
            bytes += Files.size(log);
        }
        assertThat(hits).as("secrets found in logs").isEmpty();
        Robustness.summary("secrets in logs", String.format("%d secrets × %d logs (%.1f MiB) → 0 hits",
                secrets.size(), logs.size(), bytes / 1048576.0));
        System.out.println();
        System.out.println("== robustness summary (target/robustness/summary.txt)");
        System.out.print(Files.readString(Robustness.dir().resolve("summary.txt")));
    }

    /**
     * Each hit as "log: secret preview (form)"; a secret is never printed whole, not even here. Every
     * form a log can carry a secret in is searched: JSON-escaped, URL-encoded, base64 of a Basic pair.
     */
    static List<String> scan(Set<String> secrets, List<Path> logs) throws IOException {
        List<String> hits = new ArrayList<>();
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                int form = 0;
                for (String encoded : SecretMasker.forms(secret)) {
                    if (text.contains(encoded)) {
                        hits.add(log + ": " + secret.substring(0, 3) + "…(" + secret.length() + " chars, form " + form + ")");
                        break; // one hit per secret and log
                    }
                    form++;
                }
            }
        }
        return hits;
    }

    static Set<String> readSecrets(Path dir) throws IOException {
        Set<String> secrets = new TreeSet<>();
        for (Path f : files(dir, ".txt")) {
            Files.readAllLines(f).stream().map(String::trim).filter(s -> s.length() >= 6).forEach(secrets::add);
        }
        return secrets;
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
