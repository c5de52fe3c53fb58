package io.contactsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The build and the tests read only what the repository carries: no code reads the vendor folder
 * that used to sit beside the project root (vendor files now live in src/test/resources/vendor and
 * src/main/resources). A clone with nothing beside it must build and pass. Comment lines may still
 * say where a copy came from. .ci/run makes the same check with git grep, then builds such a clone.
 */
class RepositoryContainsItsInputsTest {
    /** A read of the sibling folder: its relative path, or a path starting with its name in quotes. */
    private static final Pattern OUTSIDE_READ = Pattern.compile(
            Pattern.quote(".." + "/shared") + "|" + Pattern.quote("\"" + "shared" + "/"));
    /** Lines that are comments (Javadoc / block continuation, line comments, shell comments). */
    private static final Pattern COMMENT = Pattern.compile("^\\s*(\\*|//|#|/\\*)");

    @Test
    void nothingReadsAPathBesideTheRepository() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("src/main/java", "src/test/java", ".ci")) {
            Path root = Path.of(dir);
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        assertThat(Path.of("pom.xml")).as("the working directory is the project root").isRegularFile();
        files.add(Path.of("pom.xml"));

        List<String> reads = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (OUTSIDE_READ.matcher(line).find() && !COMMENT.matcher(line).find()) {
                    reads.add(file + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(reads).as("reads of a folder outside the repository; copy the file into"
                + " src/test/resources/vendor (tests) or src/main/resources (running code), with its source,"
                + " and read it from the classpath (io.contactsbridge.testing.VendorFiles)").isEmpty();
    }

    @Test
    void vendorFilesAreOnTheTestClasspath() {
        for (String file : List.of("highlevel/apps/contacts.json", "highlevel/apps/oauth.json",
                "highlevel/common/common-schemas.json", "highlevel/webhook-events/ContactCreate.json",
                "toggl/toggl-track-api-v9.swagger.json", "hubstaff/hubstaff-openapi.yml",
                "timetonic/timetonic-api.openapi.yaml")) {
            assertThat(io.contactsbridge.testing.VendorFiles.bytes(file)).as(file).isNotEmpty();
        }
        for (String key : List.of("highlevel/webhook-signing-key-rsa.pem", "highlevel/webhook-signing-key-ed25519.pem")) {
            assertThat(getClass().getClassLoader().getResource(key)).as(key + " in src/main/resources").isNotNull();
        }
    }
}
