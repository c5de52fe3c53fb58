package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.cli.CallCommand;
import io.contactsbridge.cli.CheckCommand;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code call} and {@code check} against a simulator in another (in-process) bridge: output and exit codes. */
class CliCommandsTest {
    static HighLevelTestSupport hl;
    static Map<String, String> settings;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() {
        // only the simulator's host: no catch-up poll logging in the background while a test reads stdout
        hl = HighLevelTestSupport.start(Map.of("bridge.poll.enabled", "false"));
        settings = new HashMap<>();
        settings.put(HighLevelConfig.BASE_URL, TestBridge.httpUrl(hl.bridge) + "/sandbox/highlevel");
        settings.put(HighLevelConfig.LOCATION_ID, HighLevelSimulator.LOCATION_ID);
        settings.put(HighLevelConfig.TOKEN, HighLevelSimulator.TOKEN);
        settings.put(HighLevelConfig.RETRY_INITIAL_DELAY, "10");
    }

    @AfterAll
    static void stop() {
        if (hl != null) {
            hl.close();
        }
    }

    @BeforeEach
    void fresh() {
        hl.reset();
    }

    static Run run(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(command).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Run call(Map<String, String> s, String... args) {
        return run(new CallCommand().withSettings(s), args);
    }

    @Test
    void callRunsTogglActionsWithOnlyTheTogglSettings() throws Exception {
        try (io.contactsbridge.runtime.Bridge sim = TestBridge.of(io.contactsbridge.runtime.Bridge.Mode.SIMULATE)
                .simulators(List.of(new io.contactsbridge.sandbox.toggl.TogglSimulator())).start()) {
            callToggl(TestBridge.httpUrl(sim) + "/sandbox/toggl/api/v9");
        }
    }

    private void callToggl(String baseUrl) throws Exception {
        Map<String, String> toggl = new HashMap<>();
        toggl.put("toggl.base-url", baseUrl);
        toggl.put("toggl.api-token", "sandbox-toggl-token");
        toggl.put("toggl.workspace-id", "1000");
        toggl.put("toggl.organization-id", "2000");
        toggl.put("toggl.webhook-secret", "sandbox-toggl-secret");
        java.nio.file.Path body = java.nio.file.Files.createTempFile("client", ".json");
        java.nio.file.Files.writeString(body, "{\"name\":\"Cli Client Ltd\"}");
        Run r = call(toggl, "toggl.create-client", "--body", body.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Cli Client Ltd").doesNotContain("sandbox-toggl-token");
        Run unknown = call(toggl, "toggl.no-such-action");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(call(settings, "--list").out()).contains("toggl.create-client").contains("toggl.add-project-member");
    }

    @Test
    void callPrintsTheAnswerAndExitsZero() {
        String id = (String) hl.sim.userCreateContact(Map.of("firstName", "Cli", "email", "cli@example.com")).get("id");
        Run r = call(settings, "get-contact", "contactId=" + id);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(HighLevelTestSupport.json(r.out())).containsKey("contact");
        assertThat(r.out()).contains("cli@example.com").doesNotContain(HighLevelSimulator.TOKEN);
        hl.assertSpecConform();
    }

    @Test
    void callWithABodyFromAFile() throws Exception {
        String id = (String) hl.sim.userCreateContact(Map.of("firstName", "Body", "email", "body@example.com")).get("id");
        Path body = Files.createTempFile("note", ".json");
        Files.writeString(body, "{\"body\": \"from the command line\"}");
        Run r = call(settings, "create-note", "contactId=" + id, "--body", body.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(hl.sim.notes(id)).extracting(n -> n.get("body")).containsExactly("from the command line");
        hl.assertSpecConform();
    }

    @Test
    void callFailingExitsNonZeroWithTheApiMessage() {
        Run r = call(settings, "get-contact", "contactId=does-not-exist");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("get-contact");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOperationAndBadParametersAreUsageErrors() {
        assertThat(call(settings, "get-everything").exit()).isEqualTo(2);
        assertThat(call(settings, "get-contact", "contactId").exit()).isEqualTo(2);
    }

    @Test
    void callWithoutHighLevelSettingsIsAConfigurationError() {
        Map<String, String> none = new HashMap<>(settings);
        none.put(HighLevelConfig.TOKEN, "");
        Run r = call(none, "get-contacts");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("HIGHLEVEL_TOKEN");
    }

    @Test
    void listShowsEveryOperationWithItsParameters() {
        Run r = call(settings, "--list");
        assertThat(r.exit()).isZero();
        for (ApiOperation op : ContactsOperations.all()) {
            assertThat(r.out()).contains(op.operationId() + "  " + op.method() + " " + op.path());
        }
        assertThat(r.out()).contains("contactId (path, string, required)").contains("followPages=true")
                .contains("--body FILE|-  JSON CreateContactDto");
    }

    @Test
    void checkSaysOkPerConnection() {
        Run r = run(new CheckCommand().withSettings(settings));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("HighLevel: OK").contains("contacts.write");
        // the connectors this test leaves unconfigured follow the hub, one line each, and fail nothing
        assertThat(otherLines(r)).isNotEmpty().allMatch(l -> l.matches("[^:]+: skipped: not configured: missing .*"));
        hl.assertSpecConform();
    }

    @Test
    void checkGivesTheReasonAndExitsNonZero() {
        Map<String, String> bad = new HashMap<>(settings);
        bad.put(HighLevelConfig.TOKEN, "wrong-token-for-check");
        Run r = run(new CheckCommand().withSettings(bad));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("HighLevel: FAILED").contains("Invalid token").doesNotContain("wrong-token-for-check");
        // one line per connector: the failure is one line, the others are skipped as not configured
        assertThat(r.out().lines()).hasSize(Connectors.discover().size());
        assertThat(otherLines(r)).allMatch(l -> l.contains(": skipped: not configured"));
    }

    /** The lines of {@code check} after the hub's. */
    private static List<String> otherLines(Run r) {
        List<String> lines = r.out().lines().toList();
        return lines.subList(1, lines.size());
    }
}
