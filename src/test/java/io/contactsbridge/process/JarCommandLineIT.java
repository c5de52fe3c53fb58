package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The packaged jar as a user meets it: start, ready, stop, and the errors it prints. */
class JarCommandLineIT {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Map<String, String> ports(int http, int management) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("MANAGEMENT_PORT", String.valueOf(management));
        env.put("BRIDGE_BIND_HOST", "127.0.0.1");
        return env;
    }

    /** A fresh working directory with the project's routes/, as on a clean checkout. */
    static Path workDir() throws Exception {
        Path dir = TestBridge.tempDir();
        Path routes = Path.of("routes");
        if (Files.isDirectory(routes)) {
            Path target = Files.createDirectories(dir.resolve("routes"));
            try (var files = Files.list(routes)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    @Test
    void sandboxBecomesReadyAndStopsWithExitZeroOnSigterm() throws Exception {
        // the 10 s launch-to-ready target is measured by the bench command (ready_seconds), not
        // asserted here: a loaded CI machine must not turn a timing into a failure
        int http = TestBridge.freePort();
        int management = TestBridge.freePort();
        long launched = System.nanoTime();
        try (JarProcess p = JarProcess.start(workDir(), ports(http, management), "--sandbox")) {
            String ready = "http://127.0.0.1:" + management + "/observe/health/ready";
            boolean up = false;
            while (!up && System.nanoTime() - launched < Duration.ofSeconds(90).toNanos()) {
                try {
                    up = HTTP.send(HttpRequest.newBuilder(URI.create(ready)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                if (!up) {
                    Thread.sleep(100);
                }
            }
            assertThat(up).as("ready; output:%n%s", p.output()).isTrue();
            System.out.printf("sandbox ready %.1f s after launch%n", (System.nanoTime() - launched) / 1e9);
            assertThat(p.output()).contains("SANDBOX MODE");
            assertThat(p.terminate(Duration.ofSeconds(40))).as(p.output()).isZero();
            assertThat(p.output()).contains("Contacts Bridge stopped");
        }
    }

    @Test
    void jsonLogFormatWritesOneJsonObjectPerLine() throws Exception {
        int http = TestBridge.freePort();
        int management = TestBridge.freePort();
        Map<String, String> env = ports(http, management);
        env.put("LOG_FORMAT", "json");
        try (JarProcess p = JarProcess.start(workDir(), env, "simulate")) {
            String ready = "http://127.0.0.1:" + management + "/observe/health/ready";
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean up = false;
            while (!up && System.nanoTime() < until) {
                try {
                    up = HTTP.send(HttpRequest.newBuilder(URI.create(ready)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(up).as(p.output()).isTrue();
            assertThat(p.terminate(Duration.ofSeconds(40))).isZero();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.List<String> lines = p.output().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                assertThat(json.readTree(line).has("level")).as(line).isTrue();
            }
        }
    }

    @Test
    void missingHighLevelSettingsEndWithOneLineNamingThem() throws Exception {
        Map<String, String> env = ports(TestBridge.freePort(), TestBridge.freePort());
        JarProcess.Result r = JarProcess.run(workDir(), env, Duration.ofSeconds(60));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("HIGHLEVEL_LOCATION_ID").contains("HIGHLEVEL_TOKEN");
        assertThat(r.output()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void busyPortEndsWithOneLineNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Map<String, String> env = ports(taken.getLocalPort(), TestBridge.freePort());
            JarProcess.Result r = JarProcess.run(workDir(), env, Duration.ofSeconds(60), "--sandbox");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("HTTP_PORT").contains("already in use").doesNotContain("\tat ");
        }
    }

    @Test
    void unknownDatabaseUrlEndsWithOneLineNamingTheSetting() throws Exception {
        Map<String, String> env = ports(TestBridge.freePort(), TestBridge.freePort());
        env.put("BRIDGE_DB_URL", "jdbc:sqlite:x.db");
        JarProcess.Result r = JarProcess.run(workDir(), env, Duration.ofSeconds(60), "--sandbox");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("BRIDGE_DB_URL").doesNotContain("\tat ");
    }

    @Test
    void helpListsSubcommandsAndUnknownArgumentsFail() throws Exception {
        JarProcess.Result help = JarProcess.run(workDir(), Map.of(), Duration.ofSeconds(60), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--sandbox").contains("simulate");
        JarProcess.Result bad = JarProcess.run(workDir(), Map.of(), Duration.ofSeconds(60), "--no-such-option");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Unknown option").contains("Usage:");
    }
}
