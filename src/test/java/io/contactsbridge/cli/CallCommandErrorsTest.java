package io.contactsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code call} when the request is refused (4xx, 5xx, bad input): the API's message in one line on
 * stderr and exit 1, no Camel stack trace or message history; {@code -v} adds the details.
 */
class CallCommandErrorsTest {
    static final HighLevelSimulator HIGHLEVEL = new HighLevelSimulator();
    static final TogglSimulator TOGGL = new TogglSimulator();
    static Bridge simulators;
    static Map<String, String> settings;

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @BeforeAll
    static void start() {
        simulators = TestBridge.of(Bridge.Mode.SIMULATE).simulators(List.of(HIGHLEVEL, TOGGL)).start();
        String root = TestBridge.httpUrl(simulators) + "/sandbox/";
        settings = new HashMap<>(HIGHLEVEL.connectorSettings(root + HighLevelSimulator.NAME));
        settings.putAll(TOGGL.connectorSettings(root + TogglSimulator.NAME));
        settings.put("highlevel.retry.initial-delay-ms", "10");
        settings.put("highlevel.retry.max-delay-ms", "20");
        settings.put("toggl.retry.initial-delay-ms", "10");
        settings.put("toggl.retry.max-delay-ms", "20");
    }

    @AfterAll
    static void stop() {
        simulators.close();
    }

    static Run call(String... args) {
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

    /** One line on stderr, no Camel stack trace, retry lines or message history, nothing on stdout, exit 1. */
    static void assertRefusedInOneLine(Run r, String... expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).as(r.err()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("contacts-bridge call: ");
            for (String e : expected) {
                assertThat(line).contains(e);
            }
        });
        assertThat(r.err()).doesNotContain("Message History").doesNotContain("\tat ")
                .doesNotContain("DefaultErrorHandler").doesNotContain("Exception:");
    }

    @Test
    void aRefusedRequestIsTheApisMessageInOneLine() {
        assertRefusedInOneLine(call("get-contact", "contactId=does-not-exist"), "HighLevel get-contact", "Contact not found");
    }

    @Test
    void badInputIsOneLineToo() throws Exception {
        Path body = Files.createTempFile("client", ".json");
        Files.writeString(body, "{\"name\":\"\"}");
        assertRefusedInOneLine(call("toggl.create-client", "--body", body.toString()),
                "Toggl Track create-client", "400", "client name can't be blank");
        Files.writeString(body, "{not json");
        assertRefusedInOneLine(call("create-contact", "--body", body.toString()), "create-contact", "not valid JSON");
        // a composite operation takes the same JSON file as any other
        assertRefusedInOneLine(call("save-contact", "--body", body.toString()), "save-contact", "not valid JSON");
        assertRefusedInOneLine(call("toggl.get-client", "client_id=abc"), "client_id must be a whole number");
        assertRefusedInOneLine(call("create-contact"), "a body (CreateContactDto) is required");
    }

    @Test
    void aCompositeOperationTakesItsBodyFromAFile() throws Exception {
        Path body = Files.createTempFile("contact", ".json");
        Files.writeString(body, "{\"companyName\":\"Call Composite Ltd\",\"email\":\"composite@example.com\"}");
        Run r = call("save-contact", "--body", body.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(HIGHLEVEL.contacts()).anySatisfy(c -> assertThat(c.get("companyName")).isEqualTo("Call Composite Ltd"));
    }

    @Test
    void serverErrorsAfterTheRetriesAndNoAnswerAreOneLine() {
        HIGHLEVEL.faults().failNext(10, 500);
        try {
            assertRefusedInOneLine(call("get-contact", "contactId=x"), "HighLevel get-contact", "Internal Server Error");
        } finally {
            HIGHLEVEL.faults().reset();
        }
        TOGGL.failNext(10, 503);
        try {
            assertRefusedInOneLine(call("toggl.get-workspace"), "Toggl Track get-workspace", "503");
        } finally {
            TOGGL.reset();
        }
        Map<String, String> saved = new HashMap<>(settings);
        try {
            settings.put("highlevel.token", "wrong-token");
            assertRefusedInOneLine(call("get-contact", "contactId=x"), "HIGHLEVEL_TOKEN");
            settings.put("highlevel.base-url", "http://127.0.0.1:" + TestBridge.freePort());
            assertRefusedInOneLine(call("get-contact", "contactId=x"), "no answer", "Connection refused");
        } finally {
            settings.clear();
            settings.putAll(saved);
        }
    }

    @Test
    void verbosePrintsTheDetails() {
        HIGHLEVEL.faults().failNext(10, 500);
        Run r;
        try {
            r = call("-v", "get-contact", "contactId=x");
        } finally {
            HIGHLEVEL.faults().reset();
        }
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("contacts-bridge call: HighLevel get-contact: Internal Server Error")
                .contains("ServerError").contains("\tat ").contains("On delivery attempt");
        assertThat(r.err()).doesNotContain(HighLevelSimulator.TOKEN);
    }

    @Test
    void anUnknownOperationIsAUsageErrorInOneLine() {
        Run r = call("toggl.no-such-action");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().satisfies(l -> assertThat(l).contains("unknown operation 'toggl.no-such-action'"));
    }
}
