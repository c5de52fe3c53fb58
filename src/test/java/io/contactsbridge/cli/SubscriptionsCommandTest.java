package io.contactsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubscriptionsCommandTest {
    static TogglSimulator sim = new TogglSimulator();
    static Bridge simulators;
    static Map<String, String> settings;

    @BeforeAll
    static void start() {
        simulators = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(sim)).start();
        settings = new HashMap<>(sim.connectorSettings(TestBridge.httpUrl(simulators) + "/sandbox/toggl"));
        settings.put("toggl.callback-url", "https://bridge.example.com/webhooks/toggl");
    }

    @AfterAll
    static void stop() {
        simulators.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> overrides, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            SubscriptionsCommand command = new SubscriptionsCommand();
            command.overrides = overrides;
            int exit = new CommandLine(command).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createListPingDelete() {
        Run created = run(settings, "create");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("https://bridge.example.com/webhooks/toggl").contains("\"secret\" : \"***\"")
                .doesNotContain(TogglSimulator.WEBHOOK_SECRET);
        Map<String, Object> sub = sim.subscriptions().stream()
                .filter(s -> "https://bridge.example.com/webhooks/toggl".equals(s.get("url_callback"))).findFirst().orElseThrow();
        assertThat(sub.get("secret")).isEqualTo(TogglSimulator.WEBHOOK_SECRET);
        assertThat(sub.get("event_filters").toString()).contains("client").contains("project").contains("task").contains("time_entry");
        long id = ((Number) sub.get("subscription_id")).longValue();

        // creating again keeps the one subscription
        assertThat(run(settings, "create").exit()).isZero();
        assertThat(sim.subscriptions()).filteredOn(s -> "https://bridge.example.com/webhooks/toggl".equals(s.get("url_callback")))
                .hasSize(1);

        Run list = run(settings, "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("\"subscription_id\" : " + id);
        assertThat(run(settings, "ping", String.valueOf(id)).exit()).isZero();
        assertThat(run(settings, "delete", String.valueOf(id)).exit()).isZero();
        assertThat(sim.subscriptions()).noneMatch(s -> ((Number) s.get("subscription_id")).longValue() == id);

        Run gone = run(settings, "delete", String.valueOf(id));
        assertThat(gone.exit()).isEqualTo(SubscriptionsCommand.API_ERROR);
        assertThat(gone.err()).contains("404");
    }

    @Test
    void createReEnablesADisabledSubscriptionAndListHidesEverySecret() {
        Map<String, String> own = new HashMap<>(settings);
        own.put("toggl.callback-url", "https://second.example.com/webhooks/toggl");
        assertThat(run(own, "create").exit()).isZero();
        long id = ((Number) sim.subscriptions().stream()
                .filter(s -> "https://second.example.com/webhooks/toggl".equals(s.get("url_callback"))).findFirst().orElseThrow()
                .get("subscription_id")).longValue();
        sim.enableSubscription(id, false);

        Run again = run(own, "create");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(sim.subscriptions()).filteredOn(s -> ((Number) s.get("subscription_id")).longValue() == id)
                .singleElement().satisfies(s -> assertThat(s.get("enabled")).isEqualTo(true));
        assertThat(sim.subscriptions()).filteredOn(s -> "https://second.example.com/webhooks/toggl".equals(s.get("url_callback")))
                .hasSize(1);

        Run list = run(own, "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("\"subscription_id\" : " + id).contains("\"secret\" : \"***\"")
                .doesNotContain(TogglSimulator.WEBHOOK_SECRET);
        run(own, "delete", String.valueOf(id));
    }

    @Test
    void usageAndConfigurationErrors() {
        assertThat(run(settings, "ping").exit()).isEqualTo(SubscriptionsCommand.USAGE);
        assertThat(run(settings, "frobnicate").exit()).isEqualTo(SubscriptionsCommand.USAGE);
        Map<String, String> noToken = new HashMap<>(settings);
        noToken.put("toggl.api-token", "");
        Run missing = run(noToken, "list");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("TOGGL_API_TOKEN");
    }
}
