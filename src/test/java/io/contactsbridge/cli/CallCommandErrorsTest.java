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

    @Test
    void notFound() {
        Run r = call("get-contact", "contactId=does-not-exist");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
    }

    @Test
    void togglBadBody() throws Exception {
        Path body = Files.createTempFile("client", ".json");
        Files.writeString(body, "{\"name\":\"\"}");
        Run r = call("toggl.create-client", "--body", body.toString());
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        Files.writeString(body, "{not json");
        r = call("create-contact", "--body", body.toString());
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
    }

    @Test
    void serverErrors() {
        HIGHLEVEL.faults().failNext(10, 500);
        Run r = call("get-contact", "contactId=x");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        HIGHLEVEL.faults().reset();
        TOGGL.failNext(10, 503);
        r = call("toggl.get-workspace");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        TOGGL.reset();
        Map<String, String> saved = new HashMap<>(settings);
        settings.put("highlevel.token", "wrong");
        r = call("get-contact", "contactId=x");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        settings.put("highlevel.base-url", "http://127.0.0.1:" + TestBridge.freePort());
        r = call("get-contact", "contactId=x");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        settings.clear();
        settings.putAll(saved);
    }

    @Test
    void composite() throws Exception {
        Path body = Files.createTempFile("c", ".json");
        Files.writeString(body, "{\"email\":\"not-an-email\"}");
        Run r = call("save-contact", "--body", body.toString());
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        r = call("save-contact", "contactId=nope", "--body", body.toString());
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        r = call("toggl.add-project-member", "project_id=99999", "user_id=1");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        r = call("toggl.get-client", "client_id=abc");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
        r = call("create-contact");
        System.out.println("EXIT " + r.exit() + "\nERR<<" + r.err() + ">>\nOUT<<" + r.out() + ">>");
    }
}
