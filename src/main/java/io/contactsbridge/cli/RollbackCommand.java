package io.contactsbridge.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import io.contactsbridge.sync.Rollback;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.sync.SyncSettings;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rollback}: undoes audited writes by event, flow or time range, restoring the before-values
 * through the connectors' operation routes (see {@link Rollback}). Prints the plan unless
 * {@code --apply}. The same as {@code POST /api/rollback} of a running bridge (use that one while
 * a bridge holds an embedded H2 store).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Undo the writes of one event, one flow or a time range (any combination narrows):",
                "restores the fields each write changed, unless someone changed the record since.",
                "Prints what it would do; --apply does it."})
public class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--event", paramLabel = "EVENT_ID", description = "The event whose writes to undo (its id in the audit).")
    String event;
    @Option(names = "--flow", paramLabel = "ROUTE_ID", description = "The flow whose writes to undo (e.g. toggl-client-to-contact).")
    String flow;
    @Option(names = "--from", paramLabel = "INSTANT", description = "Writes at or after this time (2026-01-31T12:00:00Z).")
    String from;
    @Option(names = "--to", paramLabel = "INSTANT", description = "Writes before this time.")
    String to;
    @Option(names = "--apply", description = "Write the restores (default: only print the plan).")
    boolean apply;
    @Option(names = "--json", description = "The steps as one JSON object.")
    boolean json;

    Map<String, String> overrides = Map.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Rollback.Selection selection;
        try {
            selection = new Rollback.Selection(flow, event, instant(from, "--from"), instant(to, "--to"));
        } catch (IllegalArgumentException e) {
            err.println("contacts-bridge rollback: " + e.getMessage());
            return 2;
        }
        CliOutput.logToStderr(false);
        try (ClientContext client = ClientContext.start(overrides, RollbackCommand::routes, s -> true)) {
            var context = client.context();
            Settings settings = Settings.of(context);
            String hub = Connectors.discover().stream().filter(Connector::hub).map(Connector::id).findFirst().orElse("hub");
            Rollback rollback = Rollback.standalone(context,
                    context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class),
                    TokenCipher.find(context), SyncSettings.of(settings, hub));
            List<Rollback.Step> steps = rollback.run(selection, apply);
            if (json) {
                out.println(SyncJson.write(Map.of("apply", apply, "steps", steps.stream().map(Rollback.Step::toMap).toList(),
                        "summary", Rollback.summary(steps))));
            } else {
                print(out, steps);
            }
            return 0;
        } catch (ConfigException e) {
            String m = e.getMessage();
            if (m != null && m.contains("already in use")) {
                m = "the H2 store is open in a running bridge; use its admin API (POST /api/rollback) instead";
            }
            err.println("contacts-bridge: configuration error: " + SecretMasker.mask(m));
            return BridgeProcess.CONFIG_ERROR;
        } catch (RuntimeException e) {
            err.println("contacts-bridge rollback: " + SecretMasker.mask(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    private void print(PrintWriter out, List<Rollback.Step> steps) {
        if (steps.isEmpty()) {
            out.println("no audited write matches");
            return;
        }
        out.printf("%-8s %-12s %-40s %-30s %s%n", "AUDIT", "ACTION", "TARGET", "FIELDS", "REASON");
        for (Rollback.Step s : steps) {
            out.printf("%-8s %-12s %-40s %-30s %s%n", s.auditId(), s.action(), s.target(),
                    s.restore() == null ? "" : String.join(",", s.restore().keySet()), s.reason() == null ? "" : s.reason());
        }
        out.println(Rollback.summary(steps) + (apply ? "" : "  (plan only: add --apply to restore)"));
    }

    /** The operation routes of every configured connector, and the record operations rollback writes with. */
    private static List<RoutesBuilder> routes(Settings settings) {
        List<Connector> enabled = Connectors.discover().stream().filter(c -> c.missingSettings(settings).isEmpty()).toList();
        List<RoutesBuilder> routes = new ArrayList<>();
        enabled.forEach(c -> routes.addAll(c.operationRoutes(settings)));
        routes.add(new RouteBuilder() {
            @Override
            public void configure() {
                for (Connector c : enabled) {
                    for (RecordOperations r : c.recordOperations()) {
                        getContext().getRegistry().bind(c.id() + ".records." + r.entity(), RecordOperations.class, r);
                    }
                }
            }
        });
        return routes;
    }

    private static Instant instant(String text, String option) {
        try {
            return text == null ? null : Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
