package io.contactsbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Locale;

/**
 * The robustness suite's shared record, under {@code target/robustness/}: one summary line per
 * scenario ({@code summary.txt}, printed at the end of {@code mvn verify}), the logs of the jar
 * processes the suite starts ({@code logs/}), and every secret the suite configured
 * ({@code secrets/}), so that {@code LogSecretsCheck} can grep every log for each of them.
 */
public final class Robustness {
    private Robustness() {
    }

    public static Path dir() {
        Path dir = Path.of(System.getProperty("contacts.bridge.robustness", "target/robustness"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path logsDir() {
        return mkdirs(dir().resolve("logs"));
    }

    public static Path secretsDir() {
        return mkdirs(dir().resolve("secrets"));
    }

    /**
     * One scenario's outcome, e.g. {@code summary("faults", "200 events, 200 applied, 0 duplicates")}.
     * Call it after the scenario's assertions passed, so a line in the summary means it held.
     */
    public static synchronized void summary(String scenario, String line) {
        String text = String.format("%-26s %s%n", scenario, line);
        System.out.print("ROBUSTNESS " + text);
        append(dir().resolve("summary.txt"), text);
    }

    /** Secrets the suite handed to a bridge (settings, environment, tokens it was issued). */
    public static synchronized void recordSecrets(Collection<String> secrets) {
        StringBuilder sb = new StringBuilder();
        for (String s : secrets) {
            if (s != null && s.trim().length() >= 6) {
                sb.append(s.trim()).append('\n');
            }
        }
        if (!sb.isEmpty()) {
            append(secretsDir().resolve("jvm-" + ProcessHandle.current().pid() + ".txt"), sb.toString());
        }
    }

    /** Environment or setting names that hold secrets by their name. */
    public static boolean looksSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("token") || n.contains("secret") || n.contains("password") || n.contains("private-key")
                || n.contains("private_key");
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
