package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * Robustness, bad configuration: starting from a complete configuration that runs, each required
 * setting missing or each setting malformed, one at a time, ends the jar with exit code 3 and one
 * line that names the setting — never a stack trace, never a bridge that runs half-configured.
 */
class BadConfigurationIT {

    /** One broken setting: the environment change, and the name the error must contain. */
    record Case(String name, Map<String, String> change) {
        static Case missing(String env) {
            return new Case(env, Map.of(env, ""));
        }

        static Case malformed(String env, String value) {
            return new Case(env, Map.of(env, value));
        }
    }

    static final List<Case> CASES = List.of(
            Case.missing("HIGHLEVEL_LOCATION_ID"),
            Case.missing("HIGHLEVEL_TOKEN"),
            Case.missing("HIGHLEVEL_BASE_URL"),
            Case.missing("BRIDGE_DB_URL"),
            Case.missing("HTTP_PORT"),
            Case.malformed("HTTP_PORT", "eighty"),
            Case.malformed("MANAGEMENT_PORT", "70000"),
            Case.malformed("HIGHLEVEL_BASE_URL", "services.leadconnectorhq.com"),
            Case.malformed("BRIDGE_DB_URL", "jdbc:sqlite:bridge.db"),
            Case.malformed("BRIDGE_DB_POOL_SIZE", "0"),
            Case.malformed("BRIDGE_DRY_RUN", "maybe"),
            Case.malformed("BRIDGE_POLL_CRON", "every 15 minutes"),
            Case.malformed("BRIDGE_INBOX_CONCURRENCY", "many"),
            Case.malformed("BRIDGE_SYNC_DELETE_POLICY", "shred"),
            Case.malformed("BRIDGE_WEBHOOK_MAX_BODY_BYTES", "-1"),
            Case.malformed("HIGHLEVEL_RATE_MAX", "fast"),
            Case.malformed("HIGHLEVEL_HTTP_RESPONSE_TIMEOUT_MS", "soon"),
            Case.malformed("HIGHLEVEL_WEBHOOK_ED25519_KEY", "not-a-pem-key"),
            Case.malformed("HIGHLEVEL_WEBHOOK_RSA_KEY", "/nonexistent/key.pem"),
            Case.malformed("LOG_FORMAT", "xml"),
            // OAuth instead of a token: the client secret is missing
            new Case("HIGHLEVEL_CLIENT_SECRET", Map.of("HIGHLEVEL_TOKEN", "", "HIGHLEVEL_CLIENT_ID", "client-123")),
            // Toggl half set up: named, not quietly disabled
            new Case("TOGGL_WORKSPACE_ID", Map.of("TOGGL_API_TOKEN", "toggl-token-123456")),
            new Case("TOGGL_WORKSPACE_ID", Map.of("TOGGL_API_TOKEN", "toggl-token-123456", "TOGGL_WORKSPACE_ID", "ws",
                    "TOGGL_WEBHOOK_SECRET", "toggl-secret-123456")));

    /** Complete and valid; HighLevel is unreachable, which the bridge reports without stopping. */
    static Map<String, String> validEnvironment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", String.valueOf(TestBridge.freePort()));
        env.put("MANAGEMENT_PORT", String.valueOf(TestBridge.freePort()));
        env.put("BRIDGE_BIND_HOST", "127.0.0.1");
        env.put("BRIDGE_DB_URL", "jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath());
        env.put("BRIDGE_POLL_ENABLED", "false");
        env.put("HIGHLEVEL_BASE_URL", "http://127.0.0.1:" + TestBridge.freePort());
        env.put("HIGHLEVEL_LOCATION_ID", "location-123");
        env.put("HIGHLEVEL_TOKEN", "pit-config-test-123456");
        return env;
    }

    @Test
    void theValidConfigurationRuns() throws Exception {
        Path dir = JarCommandLineIT.workDir();
        Map<String, String> env = validEnvironment(dir);
        try (JarProcess p = JarProcess.start(dir, env)) {
            String ready = "http://127.0.0.1:" + env.get("MANAGEMENT_PORT") + "/observe/health/live";
            Cluster.awaitOk(ready, p);
            HttpResponse<String> r = JarCommandLineIT.HTTP.send(HttpRequest.newBuilder(URI.create(ready)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(p.output()).isEqualTo(200);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void eachMissingOrMalformedSettingEndsWithOneLineNamingIt() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Case c : CASES) {
            Path dir = JarCommandLineIT.workDir();
            Map<String, String> env = validEnvironment(dir);
            env.putAll(c.change());
            JarProcess.Result r = JarProcess.run(dir, env, Duration.ofSeconds(90));
            List<String> errorLines = r.output().lines().filter(l -> l.startsWith("contacts-bridge:")).toList();
            boolean ok = r.exitCode() == 3 && errorLines.size() == 1 && errorLines.get(0).contains(c.name())
                    && !r.output().contains("\tat ");
            if (!ok) {
                failures.add(c + " → exit " + r.exitCode() + ", error lines " + errorLines
                        + (r.output().contains("\tat ") ? ", with a stack trace" : ""));
            }
        }
        assertThat(failures).as("cases without a one-line error naming the setting").isEmpty();
        Robustness.summary("bad configuration", CASES.size()
                + " settings missing or malformed, one at a time → each exit 3 with one line naming it, 0 stack traces");
    }
}
