package io.contactsbridge.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code catalog [--json|--markdown]}: every action and trigger of every connector, from the connectors themselves. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List every action (operation) and trigger of every connector, with their parameters.")
public class CatalogCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Option(names = "--markdown", description = "Markdown tables (for docs).")
    boolean markdown;

    /** The connectors to list (tests). */
    List<Connector> connectors = Connectors.discover();

    @Override
    public Integer call() throws Exception {
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Catalog.data(connectors)));
        } else if (markdown) {
            System.out.print(Catalog.markdown(connectors));
        } else {
            System.out.print(Catalog.operationsText(connectors));
        }
        return 0;
    }
}
