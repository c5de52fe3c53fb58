package io.contactsbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code call <operation> name=value ... [--body FILE|-]}: runs one operation of any connector
 * (the hub's by its operationId, others as {@code <namespace>.<operationId>}) through the same route
 * the flows use (paced, retried, dry run honoured) and prints the answer.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Run one operation (a Contacts API operationId, or another connector's as <namespace>.<id>,",
                "e.g. toggl.create-client) and print the JSON answer.",
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

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO, with every retry, and print the error's details (to stderr).")
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
        Connectors.Found op = Connectors.operation(connectors, operationId).orElse(null);
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
        Connector connector = op.connector();
        try (ClientContext context = ClientContext.start(overrides, settings -> {
            List<String> missing = connector.missingSettings(settings);
            if (!missing.isEmpty()) {
                throw new ConfigException(Settings.missingMessage(connector.title() + " connection is not configured", missing));
            }
            List<RoutesBuilder> routes = new ArrayList<>(connector.operationRoutes(settings));
            if (op.operation().method() == null) {
                routes.addAll(connector.serviceRoutes(settings)); // a composite operation
            }
            return routes;
        }, connector::needsDatabase)) {
            // a composite operation takes the record as a map, as the flows give it; the API routes take the JSON text
            Object requestBody = json != null && op.operation().method() == null ? parseObject(json) : json;
            Exchange answer = context.context().createProducerTemplate().send(op.operation().endpoint(), ex -> {
                ex.getIn().getHeaders().putAll(headers);
                ex.getIn().setBody(requestBody);
            });
            if (answer.getException() != null) {
                return refused(Operations.unwrap(answer.getException()));
            }
            Object result = answer.getMessage().getBody();
            System.out.println(SecretMasker.mask(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result)));
            return 0;
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + SecretMasker.mask(e.getMessage()));
            return BridgeProcess.CONFIG_ERROR;
        } catch (BadBody e) {
            return refused(e);
        } catch (IOException e) {
            System.err.println("contacts-bridge call: " + e.getMessage());
            return API_ERROR;
        }
    }

    /**
     * A refused request: the API's message (or what was wrong with the input) in one line, exit 1;
     * with {@code -v} also the details (cause chain and stack trace), secrets masked.
     */
    private int refused(RuntimeException e) {
        String message = e instanceof ApiException || e instanceof BadBody ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        System.err.println("contacts-bridge call: " + SecretMasker.mask(oneLine(message)));
        if (verbose) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            System.err.print(SecretMasker.mask(trace.toString()));
        }
        return API_ERROR;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** The body of a composite operation is not a JSON object. */
    static final class BadBody extends RuntimeException {
        BadBody(String message) {
            super(message);
        }
    }

    private Object parseObject(String json) {
        try {
            Object parsed = new ObjectMapper().readValue(json, Object.class);
            if (parsed instanceof Map<?, ?>) {
                return parsed;
            }
            throw new BadBody(operationId + ": the body must be a JSON object");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadBody(operationId + ": the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The connectors whose operations can be called (tests). */
    List<Connector> connectors = Connectors.discover();

    /** Every operation of every connector, with its parameters. */
    String listing() {
        return Catalog.operationsText(connectors);
    }
}
