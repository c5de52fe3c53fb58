package io.contactsbridge.cli;

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
import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subscriptions list|create|delete ID|ping ID [--connector ID]}: the webhook subscriptions of a
 * connector whose vendor sends webhooks only to subscriptions made through its API (Toggl Track:
 * the one for TOGGL_CALLBACK_URL, made with the event filters the flows need). Works for any
 * connector that has them ({@link Connector#subscriptions}).
 */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = {"Manage the webhook subscriptions of this bridge at a connector's vendor.",
                "  list [CONNECTOR] the account's subscriptions",
                "  create [CONNECTOR]  a subscription for the configured callback URL (kept if one exists)",
                "  delete ID       remove a subscription",
                "  ping ID         ask the vendor to send a test event (validates the callback)",
                "Exit 0 on success, 1 when the vendor refuses, 2 on a usage error, 3 on a configuration error."})
public class SubscriptionsCommand implements Callable<Integer> {
    static final int API_ERROR = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, create, delete or ping")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "subscription id (delete, ping)")
    String id;

    @Option(names = "--callback-url", description = "Callback URL instead of the configured one (create).")
    String callbackUrl;

    @Option(names = "--connector", description = "Connector whose subscriptions to manage (default: the only one that has them).")
    String connector;

    /** Settings overrides (tests). */
    Map<String, String> overrides = Map.of();

    /** The connectors to choose from (tests). */
    List<Connector> connectors = Connectors.discover();

    @Override
    public Integer call() {
        if ((action.equals("delete") || action.equals("ping")) && id == null) {
            System.err.println("contacts-bridge subscriptions: " + action + " needs a subscription ID (see 'subscriptions list')");
            return USAGE;
        }
        if (!List.of("list", "create", "delete", "ping").contains(action)) {
            System.err.println("contacts-bridge subscriptions: unknown action '" + action + "' (list, create, delete, ping)");
            return USAGE;
        }
        if (connector == null && id != null && (action.equals("list") || action.equals("create"))
                && connectors.stream().anyMatch(c -> c.id().equals(id))) {
            connector = id; // "subscriptions create hubstaff"
        }
        List<Connector> candidates = connectors.stream()
                .filter(c -> connector == null ? hasSubscriptions(c) : c.id().equals(connector)).toList();
        if (connector == null && candidates.size() > 1) {
            // several could: the one whose credentials are given
            List<Connector> given = candidates.stream().filter(this::credentialsGiven).toList();
            candidates = given.isEmpty() ? candidates : given;
        }
        if (candidates.size() != 1 || !hasSubscriptions(candidates.get(0))) {
            System.err.println("contacts-bridge subscriptions: " + (connector == null
                    ? "say which connector with --connector" : "the " + connector + " connector has no webhook subscriptions here"));
            return USAGE;
        }
        Connector c = candidates.get(0);
        try (ClientContext context = ClientContext.start(overrides, settings -> {
            List<String> missing = c.missingSettings(settings);
            if (!missing.isEmpty()) {
                throw new ConfigException(Settings.missingMessage(c.title() + " connection is not configured", missing));
            }
            return c.operationRoutes(settings);
        }, c::needsDatabase)) {
            WebhookSubscriptions subscriptions = c.subscriptions(context.context()).orElseThrow();
            Object result = switch (action) {
                case "list" -> subscriptions.list();
                case "create" -> {
                    String url = callbackUrl != null ? callbackUrl : subscriptions.configuredCallbackUrl();
                    if (url == null) {
                        throw new ConfigException("no callback URL configured for " + c.title() + " (or give --callback-url)");
                    }
                    yield subscriptions.ensure(url);
                }
                case "delete" -> {
                    subscriptions.delete(id);
                    yield Map.of("deleted", id);
                }
                default -> {
                    subscriptions.ping(id);
                    yield Map.of("pinged", id);
                }
            };
            System.out.println(SecretMasker.mask(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result)));
            return 0;
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + SecretMasker.mask(e.getMessage()));
            return BridgeProcess.CONFIG_ERROR;
        } catch (ApiException e) {
            System.err.println("contacts-bridge subscriptions: " + SecretMasker.mask(e.getMessage()));
            return API_ERROR;
        } catch (Exception e) {
            System.err.println("contacts-bridge subscriptions: " + SecretMasker.mask(String.valueOf(e.getMessage())));
            return API_ERROR;
        }
    }

    /** True when one of the connector's secret settings is given (overrides or environment). */
    private boolean credentialsGiven(Connector c) {
        return c.secretKeys().stream().anyMatch(k -> overrides.get(k) != null
                || (System.getenv(Settings.envName(k)) != null && !System.getenv(Settings.envName(k)).isBlank()));
    }

    private static boolean hasSubscriptions(Connector c) {
        return c.managesSubscriptions();
    }
}
