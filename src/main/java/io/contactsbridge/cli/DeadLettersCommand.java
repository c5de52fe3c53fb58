package io.contactsbridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.SyncJson;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code dead-letters list|replay ID|drop ID}: the same as the admin API, on the store directly
 * (BRIDGE_DB_URL). A replayed event goes back into the inbox and runs when a bridge runs.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List, replay or drop the events that failed permanently or too often.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class, DeadLettersCommand.Drop.class})
public class DeadLettersCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The settings as the bridge reads them (application.properties, environment overrides). */
    static Settings settings() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(
                "classpath:application.properties;optional=true,file:application.properties;optional=true");
        return Settings.of(context);
    }

    static int withStore(PrintWriter err, java.util.function.Function<DeadLetters, Integer> action) {
        try (Database db = Database.open(settings())) {
            return action.apply(new DeadLetters(db.dataSource()));
        } catch (ConfigException e) {
            String m = e.getMessage();
            if (m != null && m.contains("already in use")) {
                m = "the H2 store is open in a running bridge; use its admin API (/api/dead-letters) instead";
            }
            err.println("contacts-bridge: " + SecretMasker.mask(m));
            return 3;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the open dead letters.")
    static class ListLetters implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "One JSON object, with the event bodies.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withStore(spec.commandLine().getErr(), letters -> {
                List<Map<String, Object>> list = letters.list();
                if (json) {
                    out.println(SyncJson.write(Map.of("deadLetters", list)));
                } else if (list.isEmpty()) {
                    out.println("no dead letters");
                } else {
                    out.printf("%-6s %-10s %-40s %-8s %-27s %s%n", "ID", "SOURCE", "EVENT", "ATTEMPTS", "FAILED AT", "LAST ERROR");
                    for (Map<String, Object> l : list) {
                        out.printf("%-6s %-10s %-40s %-8s %-27s %s%n", l.get("id"), l.get("source"),
                                abbreviate(String.valueOf(l.get("eventId")), 40), l.get("attempts"), l.get("failedAt"),
                                abbreviate(String.valueOf(l.get("lastError")), 200));
                    }
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Put the event back into the inbox; it runs through the normal path again.")
    static class Replay implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The dead letter's id (from list).")
        long id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withStore(spec.commandLine().getErr(), letters -> report(out, spec.commandLine().getErr(), id,
                    letters.replay(id), "replayed: the event is back in the inbox", "was already replayed"));
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Remove a dead letter for good.")
    static class Drop implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The dead letter's id (from list).")
        long id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withStore(spec.commandLine().getErr(), letters -> report(out, spec.commandLine().getErr(), id,
                    letters.drop(id), "dropped", "dropped"));
        }
    }

    static int report(PrintWriter out, PrintWriter err, long id, DeadLetters.Result result, String done, String already) {
        switch (result) {
            case DONE -> out.println("dead letter " + id + " " + done);
            case ALREADY_DONE -> out.println("dead letter " + id + " " + already);
            default -> {
                err.println("contacts-bridge: no dead letter " + id);
                err.flush();
                return 1;
            }
        }
        out.flush();
        return 0;
    }

    static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
