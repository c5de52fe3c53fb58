package io.contactsbridge.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.webhook.WebhookRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the enabled connectors' parts in place, the same way for every connector: operation and
 * service routes, one intake route per webhook policy, translators, pollers and record operations
 * bound for the sync core, and each connector's start-up check once everything runs. Which
 * connectors are enabled: those whose settings are complete; the hub must be, and a half-configured
 * connector is an error to name; any other is disabled with one log line.
 */
final class ConnectorWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorWiring.class);

    private final List<Connector> enabled;
    private final Connector hub;
    private final Settings settings;

    private ConnectorWiring(List<Connector> enabled, Connector hub, Settings settings) {
        this.enabled = enabled;
        this.hub = hub;
        this.settings = settings;
    }

    static ConnectorWiring enable(List<Connector> connectors, Settings settings, Map<String, ConnectorState> states) {
        List<Connector> enabled = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Connector hub = null;
        for (Connector c : connectors) {
            List<String> missing = c.missingSettings(settings);
            states.put(c.id(), new ConnectorState(c.id(), c.title(), missing.isEmpty(), missing, null));
            if (c.hub()) {
                hub = c;
            }
            if (missing.isEmpty()) {
                enabled.add(c);
            } else if (c.hub() || c.partlyConfigured(settings)) {
                problems.add(Settings.missingMessage(c.title() + " connection is not configured", missing));
            } else {
                LOG.info("{} connector disabled: missing {}", c.title(),
                        String.join(", ", missing.stream().map(Settings::describe).toList()));
            }
        }
        if (hub == null) {
            problems.add("no hub connector on the class path (the system every flow writes to)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        return new ConnectorWiring(List.copyOf(enabled), hub, settings);
    }

    Connector hub() {
        return hub;
    }

    List<Connector> enabled() {
        return enabled;
    }

    /** Operation routes first (the others use them), then service routes, webhook intakes and the beans. */
    List<RoutesBuilder> routes() {
        List<RoutesBuilder> routes = new ArrayList<>();
        List<WebhookPolicy> policies = new ArrayList<>();
        for (Connector c : enabled) {
            routes.addAll(c.operationRoutes(settings));
        }
        for (Connector c : enabled) {
            routes.addAll(c.serviceRoutes(settings));
            c.webhookPolicy(settings).ifPresent(policies::add);
        }
        if (!policies.isEmpty()) {
            routes.add(new WebhookRoutes(policies));
        }
        routes.add(new Beans());
        return routes;
    }

    /** Binds what the sync core finds by type, after the operation routes exist; registers the start-up checks. */
    private final class Beans extends RouteBuilder {
        @Override
        public void configure() throws Exception {
            CamelContext context = getContext();
            for (Connector c : enabled) {
                c.translator(settings).ifPresent(t -> context.getRegistry().bind(c.id() + ".translator", ChangeTranslator.class, t));
                int n = 0;
                for (SourcePoller p : c.pollers(context, settings)) {
                    context.getRegistry().bind(c.id() + ".poller." + n++, SourcePoller.class, p);
                }
                for (RecordOperations r : c.recordOperations()) {
                    context.getRegistry().bind(c.id() + ".records." + r.entity(), RecordOperations.class, r);
                }
            }
            context.addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                    // wait until everything (the sandbox's simulators included) is up
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                    enabled.forEach(c -> c.verifyAtStart(ctx));
                }
            });
        }
    }
}
