package io.contactsbridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The image runs as a numeric non-root user, cannot change its flows, and its build context holds no store. */
class ContainerImageTest {

    @Test
    void theImageRunsAsANumericUserWithReadOnlyFlows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        assertThat(lines).filteredOn(l -> l.startsWith("USER ")).singleElement()
                .satisfies(u -> assertThat(u).matches("USER \\$\\{UID}:\\$\\{UID}"));
        assertThat(lines).anyMatch(l -> l.matches("ARG UID=[1-9][0-9]{3,}"));
        assertThat(lines).anyMatch(l -> l.contains("COPY --chown=root:root routes /app/routes"));
        assertThat(lines).anyMatch(l -> l.contains("chmod -R a-w /app/routes"));
        assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).allMatch(l -> l.matches("FROM \\$\\{[A-Z_]+}.*"));
    }

    @Test
    void theBuildContextLeavesTheStoreAndOldBuildsOut() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(ignored).contains("data/", "target/");
    }
}
