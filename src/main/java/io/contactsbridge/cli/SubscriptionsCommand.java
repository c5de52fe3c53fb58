package io.contactsbridge.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.ops.SecretMasker;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.toggl.TogglApi;
import io.contactsbridge.toggl.TogglConnector;
import io.contactsbridge.toggl.TogglQuota;
import io.contactsbridge.toggl.TogglSettings;
import io.contactsbridge.toggl.TogglSubscriptions;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subscriptions list|create|delete ID|ping ID}: the Toggl Track webhook subscription that
 * sends changes to this bridge's {@code POST /webhooks/toggl} (TOGGL_CALLBACK_URL), made with the
 * event filters the flows need and signed with TOGGL_WEBHOOK_SECRET.
 */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = {"Manage the Toggl Track webhook subscription of this bridge.",
                "  list            the workspace's subscriptions",
                "  create          a subscription for TOGGL_CALLBACK_URL (kept if one exists)",
                "  delete ID       remove a subscription",
                "  ping ID         ask Toggl to send a PING (validates the callback)",
                "Exit 0 on success, 1 when Toggl refuses, 2 on a usage error, 3 on a configuration error."})
public class SubscriptionsCommand implements Callable<Integer> {
    static final int API_ERROR = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, create, delete or ping")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "subscription id (delete, ping)")
    Long id;

    @Option(names = "--callback-url", description = "Callback URL instead of TOGGL_CALLBACK_URL (create).")
    String callbackUrl;

    @Option(names = "--connector", defaultValue = "toggl", description = "Connector whose subscriptions to manage (toggl).")
    String connector;

    /** Settings overrides (tests). */
    Map<String, String> overrides = Map.of();

    @Override
    public Integer call() {
        if (!"toggl".equals(connector)) {
            System.err.println("contacts-bridge subscriptions: only the toggl connector has webhook subscriptions here");
            return USAGE;
        }
        if ((action.equals("delete") || action.equals("ping")) && id == null) {
            System.err.println("contacts-bridge subscriptions: " + action + " needs a subscription ID (see 'subscriptions list')");
            return USAGE;
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties;optional=true,"
                    + "file:application.properties;optional=true");
            Properties props = new Properties();
            props.putAll(overrides);
            context.getPropertiesComponent().setOverrideProperties(props);
            Settings settings = Settings.of(context);
            for (String key : Bridge.SECRET_KEYS) {
                settings.get(key).ifPresent(SecretMasker::register);
            }
            List<String> missing = new TogglConnector().missingSettings(settings);
            if (!missing.isEmpty()) {
                throw new ConfigException(Settings.missingMessage("Toggl Track connection is not configured", missing));
            }
            TogglSettings toggl = TogglSettings.from(settings);
            TogglSubscriptions subscriptions = new TogglSubscriptions(
                    new TogglApi(toggl, new TogglQuota(toggl.hourlyQuota(), java.time.Clock.systemUTC())));
            Object result;
            switch (action) {
                case "list" -> result = subscriptions.list().stream().map(SubscriptionsCommand::hideSecret).toList();
                case "create" -> {
                    String url = callbackUrl != null ? callbackUrl : toggl.callbackUrl();
                    if (url == null) {
                        throw new ConfigException("missing setting " + Settings.describe(TogglSettings.CALLBACK_URL)
                                + " (or give --callback-url)");
                    }
                    result = hideSecret(subscriptions.ensure(url));
                }
                case "delete" -> {
                    subscriptions.delete(id);
                    result = Map.of("deleted", id);
                }
                case "ping" -> {
                    subscriptions.ping(id);
                    result = Map.of("pinged", id);
                }
                default -> {
                    System.err.println("contacts-bridge subscriptions: unknown action '" + action + "' (list, create, delete, ping)");
                    return USAGE;
                }
            }
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

    /** The subscription's signing secret is never printed. */
    static Map<String, Object> hideSecret(Map<String, Object> subscription) {
        Map<String, Object> copy = new LinkedHashMap<>(subscription);
        if (copy.get("secret") != null) {
            copy.put("secret", "***");
        }
        return copy;
    }
}
