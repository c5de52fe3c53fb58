package io.contactsbridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures the bridge against its simulators in one run and prints one table (or
 * one JSON object with {@code --json}); exits 1 when a target is missed. Runs its own sandbox
 * bridges on free ports with throw-away stores, so it never touches a real account or your data.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = EchoServerCommand.class,
        description = "Measure the bridge against its simulators and check the targets (exit 1 when one is missed).")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A short run (under a minute on two cores).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Run only these sections (default: all): ${COMPLETION-CANDIDATES}.")
    List<String> only;

    @Option(names = "--contacts", description = "Contacts to backfill for the rate budget (default: 500, or 300 with --quick).")
    Integer contacts;

    @Option(names = "--interval-ms", description = "HighLevel's burst window, scaled in time (real: 10000; default 2000).")
    long intervalMs = 2000;

    @Option(names = "--threads", description = "Concurrent producers for the rate budget (default 8).")
    int threads = 8;

    /** Every section, in the order they run; in-process ones first, the jar-process ones after. */
    static List<BenchSection> sections() {
        return List.of(new RateBudgetBench(), new EconomyBench(), new TogglPollBench(), new EndToEndBench(),
                new FootprintBench(), new IntakeBench());
    }

    @Override
    public Integer call() throws Exception {
        quietLogs();
        List<BenchSection> chosen = new ArrayList<>();
        for (BenchSection s : sections()) {
            if (only == null || only.contains(s.name())) {
                chosen.add(s);
            }
        }
        if (only != null && chosen.size() != only.size()) {
            System.err.println("contacts-bridge bench: unknown section in --only " + only + "; sections: "
                    + sections().stream().map(BenchSection::name).toList());
            return 2;
        }
        List<Figure> figures = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BenchRun run = new BenchRun(quick, intervalMs, threads, contacts)) {
            for (BenchSection section : chosen) {
                try {
                    figures.addAll(section.run(run));
                } catch (ConfigException e) {
                    System.err.println("contacts-bridge bench: configuration error: " + e.getMessage());
                    return 3;
                } catch (Exception e) {
                    // one broken section must not hide the others' figures
                    errors.add(section.name() + ": " + e.getMessage());
                }
            }
        }
        boolean allMet = figures.stream().allMatch(Figure::met) && errors.isEmpty();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            figures.forEach(f -> out.put(f.key(), f.jsonValue()));
            out.put("targets_met", allMet);
            if (!errors.isEmpty()) {
                out.put("errors", errors);
            }
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            printTable(figures);
            errors.forEach(e -> System.out.println("section failed: " + e));
            System.out.println(allMet ? "all targets met" : "a target was MISSED");
        }
        return allMet ? 0 : 1;
    }

    static void printTable(List<Figure> figures) {
        int width = figures.stream().mapToInt(f -> f.label().length()).max().orElse(10);
        String row = "%-" + width + "s  %14s  %8s  %s%n";
        System.out.printf(row, "measure", "value", "target", "");
        for (Figure f : figures) {
            System.out.printf(row, f.label(), f.displayValue(), f.target() == null ? "" : f.target().text(),
                    f.target() == null ? "" : f.met() ? "ok" : "MISSED");
        }
    }

    /** The figures are the output: the bridge's own INFO lines would bury them. */
    private static void quietLogs() {
        ch.qos.logback.classic.LoggerContext logs =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logs.getLoggerList().stream().filter(l -> l.getLevel() != null)
                .forEach(l -> l.setLevel(ch.qos.logback.classic.Level.ERROR));
    }
}
