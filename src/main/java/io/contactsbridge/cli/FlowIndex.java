package io.contactsbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.http.ApiOperation;

/**
 * The YAML flows ({@code routes/*.yaml}) as the catalog needs them: each flow's route id, the
 * trigger endpoint it starts from ({@code direct:flow.<source>.<entity>[.<name>]}) and the text of
 * its steps (comments left out), so the catalog lists, per action and trigger, the flows that use it.
 */
final class FlowIndex {
    private static final Pattern ROUTE_ID = Pattern.compile("(?m)^\\s*(?:-\\s*)?id:\\s*['\"]?([\\w.-]+)");
    private static final Pattern FROM = Pattern.compile("direct:flow\\.([\\w-]+)\\.([\\w-]+)(?:\\.[\\w.-]+)?");

    record Flow(String id, String file, String source, String entity, String steps) {
    }

    private final List<Flow> flows;

    FlowIndex(List<Flow> flows) {
        this.flows = List.copyOf(flows);
    }

    /** The flows in {@code dir} (none when it does not exist), sorted by file name. */
    static FlowIndex read(Path dir) {
        List<Flow> flows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new FlowIndex(flows);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                String steps = String.join("\n", Files.readAllLines(f).stream().filter(l -> !l.trim().startsWith("#")).toList());
                Matcher id = ROUTE_ID.matcher(steps);
                Matcher from = FROM.matcher(steps);
                boolean hasFrom = from.find();
                flows.add(new Flow(id.find() ? id.group(1) : f.getFileName().toString(), f.getFileName().toString(),
                        hasFrom ? from.group(1) : null, hasFrom ? from.group(2) : null, steps));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the flows in " + dir + ": " + e.getMessage(), e);
        }
        return new FlowIndex(flows);
    }

    /** Flows that call the operation: its endpoint, or its name as the operation of a sync step. */
    List<String> using(ApiOperation op) {
        Pattern name = Pattern.compile("(?<![\\w.-])(?:direct:)?" + Pattern.quote(op.qualifiedName()) + "(?![\\w-])");
        return flows.stream().filter(f -> name.matcher(f.steps()).find()).map(Flow::id).toList();
    }

    /** Flows started by changes the trigger produces (same source and entity). */
    List<String> startedBy(Trigger t) {
        return flows.stream().filter(f -> t.connector().equals(f.source()) && t.entity().equals(f.entity()))
                .map(Flow::id).toList();
    }
}
