package io.contactsbridge.console;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.Connector;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The operations console's wiring, for the composition root: binds the alert channel
 * ({@link BridgeAlerts} as {@value Alerts#BEAN}) and the connection monitor, and returns the routes
 * (the page on HTTP_PORT, the alert rules, the background check, the alert webhook). Every
 * connector on the class path appears through the connector contract; none is named here.
 */
public final class Console {
    static final String MONITOR_BEAN = "consoleConnections";

    private Console() {
    }

    /**
     * @param connectors every connector (the disabled ones show why)
     * @param mode       a badge for the page header ({@code sandbox}), or null
     */
    public static List<RoutesBuilder> install(CamelContext context, Settings settings, List<Connector> connectors, String mode) {
        ConsoleSettings console = ConsoleSettings.from(settings);
        Clock clock = Clock.systemUTC();
        BridgeAlerts alerts = new BridgeAlerts(context, !console.webhookUrl().isEmpty());
        context.getRegistry().bind(Alerts.BEAN, Alerts.class, alerts);
        ConnectionMonitor monitor = new ConnectionMonitor(context, connectors, console, clock);
        context.getRegistry().bind(MONITOR_BEAN, monitor);
        AlertRules rules = new AlertRules(context, monitor, console, new ConsoleMetrics(), clock);
        return List.of(new ConsoleRoutes(console, monitor, new ActivityLog.Factory(connectors, settings), mode, clock),
                new AlertRoutes(console, rules, monitor));
    }

    /** Every connection's state as the page shows it, for {@code /api/status}; empty without a console. */
    public static List<Map<String, Object>> connections(CamelContext context) {
        ConnectionMonitor monitor = context.getRegistry().lookupByNameAndType(MONITOR_BEAN, ConnectionMonitor.class);
        return monitor == null ? List.of() : monitor.views().stream().map(ConnectionView::toMap).toList();
    }

    /** The open incidents, for {@code /api/status}. */
    public static List<Map<String, Object>> incidents(CamelContext context) {
        return Alerts.of(context).open().stream().map(i -> Map.<String, Object>of("key", i.key(),
                "connector", String.valueOf(i.connectorId()), "summary", i.summary(), "since", i.since().toString())).toList();
    }
}
