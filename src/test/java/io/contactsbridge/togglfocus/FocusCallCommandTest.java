package io.contactsbridge.togglfocus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.cli.CallCommand;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.togglfocus.TogglFocusSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code call toggl-focus.<operation>} with only the Toggl Focus settings: the answer, or the API's message and exit 1. */
class FocusCallCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run call(Map<String, String> settings, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new CallCommand().withSettings(settings)).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void calendarOperationsRunFromTheCommandLine() {
        TogglFocusSimulator focus = new TogglFocusSimulator();
        try (Bridge sim = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(focus)).start()) {
            Map<String, String> s = new HashMap<>();
            s.put("toggl-focus.base-url", TestBridge.httpUrl(sim) + "/sandbox/toggl-focus/api");
            s.put("toggl-focus.api-key", TogglFocusSimulator.API_KEY);
            s.put("toggl-focus.workspace-id", String.valueOf(TogglFocusSimulator.WORKSPACE_ID));
            s.put("toggl-focus.organization-id", String.valueOf(TogglFocusSimulator.ORGANIZATION_ID));
            s.put("toggl-focus.retry.initial-delay-ms", "10");

            Run list = call(s, "toggl-focus.workspace-list-calendar-integrations");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(TogglFocusSimulator.CALENDAR_ACCOUNT).doesNotContain(TogglFocusSimulator.API_KEY);

            Run setup = call(s, "toggl-focus.setup-calendar-integration", "provider=outlook", "return_to=https://example.com/back");
            assertThat(setup.exit()).as(setup.err()).isZero();
            assertThat(setup.out()).contains("\"location\"").contains("/_consent?provider=outlook");

            Run exists = call(s, "toggl-focus.setup-calendar-integration", "provider=google");
            assertThat(exists.exit()).isEqualTo(1);
            assertThat(exists.err()).contains("already exists");

            Run unknown = call(s, "toggl-focus.request-calendar-write-scope", "integration_id=42");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("calendar integration not found");

            assertThat(call(s, "--list").out()).contains("toggl-focus.update-integration-calendar")
                    .contains("toggl-focus.workspace-refresh-calendar-integration");
        }
    }
}
