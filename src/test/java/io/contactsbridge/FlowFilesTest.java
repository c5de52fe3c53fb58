package io.contactsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The flows in {@code routes/} read in a minute (issue 11): each opens with a comment block naming
 * what it syncs, its trigger, its parameters and the headers it relies on; its route id is its file
 * name ({@code source-entity-to-target}); error handling is the shared {@code sync-flow} route
 * configuration, not a copy per flow; and no flow cleans up the sync headers by hand (the save step
 * does that itself).
 */
class FlowFilesTest {

    static List<Path> flows() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyFlowFollowsTheHouseRules() throws IOException {
        List<Path> flows = flows();
        assertThat(flows).isNotEmpty();
        for (Path flow : flows) {
            String text = Files.readString(flow);
            String name = flow.getFileName().toString().replace(".yaml", "");
            String header = text.substring(0, text.indexOf("- route:"));
            assertThat(header).as(flow + ": its opening comment block")
                    .contains("# Syncs").contains("# Trigger").contains("# Parameters").contains("# Headers");
            assertThat(name).as(flow + ": named source-entity-to-target").matches("[a-z]+(-[a-z]+)*-to-[a-z]+(-[a-z]+)*");
            assertThat(text).as(flow.toString()).contains("id: " + name + "\n").contains("routeConfigurationId: sync-flow")
                    .doesNotContain("errorHandler").doesNotContainPattern("removeHeaders?:[^\\n]*\\n?[^\\n]*sync");
            assertThat(text).as(flow + ": writes go through the save, write or delete step, which decide themselves")
                    .doesNotContain("direct:sync.decide");
        }
    }
}
