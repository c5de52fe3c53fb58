package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.CanonicalChange;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One readable line per decision; {@code LOG_FORMAT=json} carries the same facts as fields, secrets masked. */
class DecisionLogTest {
    static final Map<String, String> TITLES = Map.of("toggl", "Toggl Track", "highlevel", "HighLevel");
    static final DecisionLog LOG = new DecisionLog(s -> TITLES.getOrDefault(s, s));
    static final CanonicalChange ACME = new CanonicalChange("toggl", CanonicalChange.Entity.of("client"),
            CanonicalChange.Action.CREATED, "42", Map.of("name", "Acme Corporation", "notes", "Key account"),
            Instant.parse("2026-12-07T10:00:00Z"), "toggl-event-7");
    static final String CONTACT = "8cRPq2xTmZ0a1b2c3d4e";

    static String text(CanonicalChange change, String operation, String targetId, String outcome, String detail) {
        return LOG.text(change, DecisionLog.name(change.fields()), new SyncAudit.Target("highlevel", "contact"), operation,
                targetId, outcome, detail);
    }

    @Test
    void eachDecisionReadsAsOneSentence() {
        assertThat(text(ACME, "create-contact", CONTACT, SyncAudit.WRITTEN, null))
                .isEqualTo("Toggl Track client 'Acme Corporation' → HighLevel contact 8cRPq2xT… created [event toggl-event-7]");
        assertThat(text(ACME, "update-contact", CONTACT, SyncAudit.WRITTEN, null)).contains("→ HighLevel contact 8cRPq2xT… updated");
        assertThat(text(ACME, null, CONTACT, SyncAudit.SKIPPED_UNCHANGED, null))
                .isEqualTo("Toggl Track client 'Acme Corporation' → HighLevel contact 8cRPq2xT… unchanged, skipped [event toggl-event-7]");
        assertThat(text(ACME, null, CONTACT, SyncAudit.LWW_TARGET_WON, "target changed"))
                .contains("last-write-wins: HighLevel newer, skipped").endsWith("[event toggl-event-7]");
        assertThat(text(ACME, "update-contact", CONTACT, SyncAudit.LWW_SOURCE_WON, null))
                .contains("updated (last-write-wins: Toggl Track newer)");
        assertThat(text(ACME, "create-contact", null, SyncAudit.DRY_RUN, null)).contains("would be created (dry run)");
        assertThat(text(ACME, "add-tags", CONTACT, SyncAudit.WRITTEN, "archived with tag toggl-archived"))
                .contains("contact 8cRPq2xT… archived with tag toggl-archived");
        assertThat(text(ACME, "delete-contact", CONTACT, SyncAudit.WRITTEN, null)).contains("deleted");
        // a composite (save, upsert) says created or updated by whether it made a new record
        assertThat(LOG.text(ACME, "Acme Corporation", new SyncAudit.Target("highlevel", "contact", true), "upsert-contact",
                CONTACT, SyncAudit.WRITTEN, null)).contains("8cRPq2xT… created");
        assertThat(LOG.text(ACME, "Acme Corporation", new SyncAudit.Target("highlevel", "contact", false), "upsert-contact",
                CONTACT, SyncAudit.WRITTEN, null)).contains("8cRPq2xT… updated");

        CanonicalChange echo = new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"),
                CanonicalChange.Action.UPDATED, CONTACT, Map.of("companyName", "Acme Corporation"), null, "hl-1");
        assertThat(LOG.text(echo, DecisionLog.name(echo.fields()), new SyncAudit.Target(null, null), "update-contact", CONTACT,
                SyncAudit.SKIPPED_ECHO, null))
                .isEqualTo("HighLevel contact 'Acme Corporation' updated: echo of our own write (update-contact), skipped [event hl-1]");

        CanonicalChange person = new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"),
                CanonicalChange.Action.CREATED, "c1", Map.of("firstName", "Jane", "lastName", "Cooper"), null, "hl-2");
        assertThat(DecisionLog.name(person.fields())).isEqualTo("Jane Cooper");
        CanonicalChange nameless = new CanonicalChange("toggl", CanonicalChange.Entity.of("time_entry"),
                CanonicalChange.Action.DELETED, "77", Map.of(), null, "toggl-event-9");
        assertThat(LOG.text(nameless, null, new SyncAudit.Target("highlevel", "note"), null, null, SyncAudit.SKIPPED_NO_LINK,
                "nothing linked to the deleted record"))
                .isEqualTo("Toggl Track time entry 77 deleted → HighLevel note: nothing linked to the deleted record, "
                        + "skipped [event toggl-event-9]");
    }

    @Test
    void jsonLogsCarryTheSameFieldsAndMaskSecrets() throws Exception {
        String secret = "decision-log-secret-" + System.nanoTime();
        SecretMasker.register(secret);
        CanonicalChange leaky = new CanonicalChange("toggl", CanonicalChange.Entity.of("client"),
                CanonicalChange.Action.UPDATED, "43", Map.of("name", "Globex Ltd " + secret), null, "toggl-event-8");

        List<String> json = capture("json", () -> {
            LOG.decided("toggl-client-to-contact", ACME, new SyncAudit.Target("highlevel", "contact"), "create-contact", CONTACT,
                    SyncAudit.WRITTEN, null);
            LOG.decided("toggl-client-to-contact", leaky, new SyncAudit.Target("highlevel", "contact"), null, CONTACT,
                    SyncAudit.SKIPPED_UNCHANGED, null);
        });
        assertThat(json).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(json.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("formattedMessage").asText())
                .isEqualTo("Toggl Track client 'Acme Corporation' → HighLevel contact 8cRPq2xT… created [event toggl-event-7]");
        Map<String, String> fields = fields(first);
        assertThat(fields).containsEntry("event", "toggl-event-7").containsEntry("source", "toggl")
                .containsEntry("entity", "client").containsEntry("action", "created").containsEntry("sourceId", "42")
                .containsEntry("name", "Acme Corporation").containsEntry("target", "highlevel")
                .containsEntry("targetEntity", "contact").containsEntry("targetId", CONTACT)
                .containsEntry("operation", "create-contact").containsEntry("outcome", "written")
                .containsEntry("flow", "toggl-client-to-contact");
        assertThat(json.get(1)).doesNotContain(secret).contains("***");
        assertThat(fields(new ObjectMapper().readTree(json.get(1)))).containsEntry("outcome", "skipped-unchanged");

        List<String> text = capture("text", () -> LOG.decided("toggl-client-to-contact", leaky,
                new SyncAudit.Target("highlevel", "contact"), null, CONTACT, SyncAudit.SKIPPED_UNCHANGED, null));
        assertThat(text).singleElement().satisfies(line -> assertThat(line)
                .contains("INFO").contains("Toggl Track client 'Globex Ltd ***").contains("' → HighLevel contact 8cRPq2xT… unchanged, skipped")
                .doesNotContain(secret));
    }

    /** The kvpList of logback's JSON encoder as one map. */
    static Map<String, String> fields(JsonNode line) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode kvp = line.get("kvpList");
        if (kvp != null && kvp.isArray()) {
            kvp.forEach(n -> n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText())));
        } else if (kvp != null) {
            kvp.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /**
     * What the appender of {@code logback.xml} for this LOG_FORMAT writes while {@code body} logs: the
     * project's own configuration, loaded into a separate logger context, its appender lent to the
     * DecisionLog logger.
     */
    static List<String> capture(String format, Runnable body) throws Exception {
        LoggerContext separate = new LoggerContext();
        separate.putProperty("LOG_FORMAT", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(separate);
        URL xml = DecisionLogTest.class.getResource("/logback.xml");
        configurator.doConfigure(xml);
        Appender<ILoggingEvent> appender = separate.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(format);
        assertThat(appender).as("appender " + format + " in logback.xml").isNotNull();
        Logger logger = (Logger) LoggerFactory.getLogger(DecisionLog.class);
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean additive = logger.isAdditive();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // a command-line test may have quietened the root
        logger.addAppender(appender);
        logger.setAdditive(false); // only the lent appender, not the test run's own console
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setOut(out);
            logger.detachAppender(appender);
            logger.setAdditive(additive);
            logger.setLevel(level);
            separate.stop();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("toggl-event-")).toList();
    }
}
