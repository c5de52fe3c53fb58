package io.contactsbridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code catalog [--json|--markdown] [--flows DIR]}: every action and trigger of every connector,
 * from the connectors themselves, with the flows in {@code routes/} that use each.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List every action (operation) and trigger of every connector, with their parameters and the flows that use them.")
public class CatalogCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Option(names = "--markdown", description = "Markdown tables (for docs).")
    boolean markdown;

    @Option(names = "--flows", paramLabel = "DIR", description = "The YAML flows to index (default: ${DEFAULT-VALUE}).")
    Path flowsDir = Path.of("routes");

    /** The connectors to list (tests). */
    List<Connector> connectors = Connectors.discover();

    @Override
    public Integer call() throws Exception {
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Catalog.data(connectors, FlowIndex.read(flowsDir))));
        } else if (markdown) {
            System.out.print(Catalog.markdown(connectors, FlowIndex.read(flowsDir)));
        } else {
            System.out.print(Catalog.operationsText(connectors));
        }
        return 0;
    }
}
