package io.contactsbridge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import org.apache.camel.RoutesBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: tests every configured connection (credentials, permissions, reachability) and
 * prints one line per connection. Exit 0 when every configured connection is fine and the required
 * ones are configured; 1 otherwise; 3 on a configuration error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Test each configured connection (token valid, scopes, account reachable); one line each.")
public class CheckCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (to stderr).")
    boolean verbose;

    /** Settings overrides (tests). */
    Map<String, String> overrides = Map.of();

    /** Settings that win over application.properties and the environment (tests, embedding). */
    public CheckCommand withSettings(Map<String, String> settings) {
        this.overrides = Map.copyOf(settings);
        return this;
    }
    /** The connectors to check (tests). */
    List<Connector> connectors = Connectors.discover();

    @Override
    public Integer call() {
        CliOutput.logToStderr(verbose);
        Map<String, String> lines = new LinkedHashMap<>();
        List<Connector> configured = new ArrayList<>();
        boolean[] failed = {false};
        try (ClientContext context = ClientContext.start(overrides, settings -> {
            List<RoutesBuilder> routes = new ArrayList<>();
            for (Connector c : connectors) {
                List<String> missing = c.missingSettings(settings);
                if (missing.isEmpty()) {
                    configured.add(c);
                    lines.put(c.title(), "not checked"); // its place: one line per connector, the hub first
                    routes.addAll(c.operationRoutes(settings));
                } else {
                    lines.put(c.title(), (c.hub() ? "FAILED: " : "skipped: ")
                            + Settings.missingMessage("not configured", missing));
                    failed[0] |= c.hub();
                }
            }
            return routes;
        }, settings -> connectors.stream().anyMatch(c -> c.missingSettings(settings).isEmpty() && c.needsDatabase(settings)))) {
            for (Connector c : configured) {
                CheckResult r = c.check(context.context());
                lines.put(c.title(), r.ok() ? r.message() : "FAILED: " + r.message());
                failed[0] |= !r.ok();
            }
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + SecretMasker.mask(e.getMessage()));
            return BridgeProcess.CONFIG_ERROR;
        }
        lines.forEach((title, line) -> System.out.println(title + ": " + SecretMasker.mask(line)));
        return failed[0] ? 1 : 0;
    }
}
