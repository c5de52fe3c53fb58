package io.contactsbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.contacts.ContactsOperation;
import io.contactsbridge.contacts.ContactsOperations;
import io.contactsbridge.contacts.HighLevelConnector;
import io.contactsbridge.ops.SecretMasker;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code call <operationId> name=value ... [--body FILE|-]}: runs one HighLevel Contacts API operation
 * through the same route the flows use (paced, retried, dry run honoured) and prints the answer.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Run one operation (HighLevel Contacts API, or a Toggl action as toggl.<id>) and print the JSON answer.",
                "Parameters are name=value (path and query parameters as in the API, e.g. contactId=abc,",
                "followPages=true for list operations). Exit 0 on success, 1 when the API refuses,",
                "3 on a configuration error. 'call --list' shows every operation."})
public class CallCommand implements Callable<Integer> {
    static final int API_ERROR = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", arity = "0..1", paramLabel = "operationId", description = "e.g. get-contact")
    String operationId;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "name=value", description = "Parameters (headers of the route).")
    List<String> params = List.of();

    @Option(names = "--body", paramLabel = "FILE|-", description = "JSON request body from a file, or - for stdin.")
    String body;

    @Option(names = "--list", description = "List every operation with its parameters.")
    boolean list;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (to stderr).")
    boolean verbose;

    /** Settings overrides (tests). */
    Map<String, String> overrides = Map.of();

    /** Settings that win over application.properties and the environment (tests, embedding). */
    public CallCommand withSettings(Map<String, String> settings) {
        this.overrides = Map.copyOf(settings);
        return this;
    }

    @Override
    public Integer call() {
        if (list) {
            System.out.print(listing());
            return 0;
        }
        if (operationId == null) {
            System.err.println("contacts-bridge call: give an operationId (see 'call --list')");
            return USAGE;
        }
        Target op = target(operationId);
        if (op == null) {
            System.err.println("contacts-bridge call: unknown operation '" + operationId + "' (see 'call --list')");
            return USAGE;
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                System.err.println("contacts-bridge call: parameters are name=value, not '" + p + "'");
                return USAGE;
            }
            headers.put(p.substring(0, eq), p.substring(eq + 1));
        }
        String json = null;
        if (body != null) {
            try {
                json = "-".equals(body) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(body));
            } catch (IOException e) {
                System.err.println("contacts-bridge call: cannot read the body " + body + ": " + e.getMessage());
                return USAGE;
            }
        }
        CliOutput.logToStderr(verbose);
        try (ClientContext context = ClientContext.start(overrides, settings -> {
            List<String> missing = op.connector().missingSettings(settings);
            if (!missing.isEmpty()) {
                throw new ConfigException(io.contactsbridge.config.Settings.missingMessage(
                        op.connector().title() + " connection is not configured", missing));
            }
            return op.routes().apply(settings);
        }, op.needsDatabase())) {
            String requestBody = json;
            Exchange answer = context.context().createProducerTemplate().send(op.endpoint(), ex -> {
                ex.getIn().getHeaders().putAll(headers);
                ex.getIn().setBody(requestBody);
            });
            if (answer.getException() != null) {
                Exception e = answer.getException();
                String message = e instanceof ApiException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                System.err.println("contacts-bridge call: " + SecretMasker.mask(message));
                return API_ERROR;
            }
            Object result = answer.getMessage().getBody();
            System.out.println(SecretMasker.mask(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result)));
            return 0;
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + SecretMasker.mask(e.getMessage()));
            return BridgeProcess.CONFIG_ERROR;
        } catch (IOException e) {
            System.err.println("contacts-bridge call: " + e.getMessage());
            return API_ERROR;
        }
    }

    /** An operation of one connector: its route and what the route needs to run. */
    record Target(String endpoint, io.contactsbridge.runtime.Connector connector,
                  java.util.function.Function<io.contactsbridge.config.Settings, List<org.apache.camel.RoutesBuilder>> routes,
                  java.util.function.Function<io.contactsbridge.config.Settings, Boolean> needsDatabase) {
    }

    /** HighLevel operations by their operationId; Toggl actions as {@code toggl.<id>}. */
    static Target target(String id) {
        ContactsOperation contacts = ContactsOperations.find(id).orElse(null);
        if (contacts != null) {
            HighLevelConnector c = new HighLevelConnector();
            return new Target(contacts.endpoint(), c, c::clientRoutes, c::needsDatabase);
        }
        if (id.startsWith("toggl.")) {
            try {
                io.contactsbridge.toggl.TogglOperation toggl = io.contactsbridge.toggl.TogglOperation.byId(id);
                io.contactsbridge.toggl.TogglConnector c = new io.contactsbridge.toggl.TogglConnector();
                return new Target(toggl.endpoint(), c, c::clientRoutes, settings -> false);
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
        return null;
    }

    static String listing() {
        StringBuilder sb = new StringBuilder();
        for (ContactsOperation op : ContactsOperations.all()) {
            sb.append(op.operationId()).append("  ").append(op.method()).append(' ').append(op.pathTemplate())
                    .append("  [").append(op.scope()).append("]\n");
            sb.append("    ").append(op.description()).append('\n');
            for (ContactsOperation.Param p : op.params()) {
                sb.append("    ").append(p.name()).append(" (").append(p.in().name().toLowerCase()).append(", ")
                        .append(p.type()).append(p.required() && !p.defaultsToLocation() ? ", required" : ", optional")
                        .append(") ").append(p.description()).append('\n');
            }
            if (op.paging() != ContactsOperation.Paging.NONE) {
                sb.append("    followPages=true  follow every page (cap: highlevel.max-pages)\n");
            }
            if (op.hasBody()) {
                sb.append("    --body FILE|-  JSON ").append(op.bodySchema()).append('\n');
            }
        }
        for (io.contactsbridge.toggl.TogglOperation op : io.contactsbridge.toggl.TogglOperation.ALL) {
            sb.append(op.routeId()).append("  ").append(op.method()).append(' ').append(op.path()).append("  [Toggl Track]\n");
            sb.append("    ").append(op.description()).append('\n');
            for (Object p : (List<?>) op.describe().get("pathParams")) {
                sb.append("    ").append(p).append(" (path; workspace_id and organization_id default to the configured ones)\n");
            }
            for (String q : op.query()) {
                sb.append("    ").append(q).append(" (query, optional)\n");
            }
            if (op.hasBody()) {
                sb.append("    --body FILE|-  JSON request body\n");
            }
        }
        return sb.toString();
    }
}
