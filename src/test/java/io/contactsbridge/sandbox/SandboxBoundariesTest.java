package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A simulator is a stand-in for a vendor, not a client of the bridge: the sandbox imports nothing of
 * the bridge outside {@code io.contactsbridge.sandbox}, and its files stay small enough to read.
 */
class SandboxBoundariesTest {
    static final Path SANDBOX = Path.of("src/main/java/io/contactsbridge/sandbox");

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SANDBOX)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void importsNothingOfTheBridgeOutsideTheSandbox() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            for (String line : Files.readAllLines(file)) {
                String l = line.trim();
                if (l.startsWith("import ") && l.contains("io.contactsbridge.") && !l.contains("io.contactsbridge.sandbox")) {
                    offending.add(file + ": " + l);
                }
            }
        }
        assertThat(sources()).isNotEmpty();
        assertThat(offending).isEmpty();
    }

    @Test
    void noSourceFileIsLongerThan400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            int lines = Files.readAllLines(file).size();
            if (lines > 400) {
                tooLong.add(file + " (" + lines + " lines)");
            }
        }
        assertThat(tooLong).isEmpty();
    }
}
