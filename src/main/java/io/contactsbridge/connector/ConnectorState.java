package io.contactsbridge.connector;

import java.util.List;
import java.util.Map;

import io.contactsbridge.config.Settings;
import org.apache.camel.CamelContext;

/**
 * Whether a connector runs, and if not why (missing settings, or a problem found at run time such
 * as a refresh token that needs re-authorisation): shown by the status data and health.
 */
public record ConnectorState(String id, String title, boolean enabled, List<String> missingSettings, String problem) {

    public ConnectorState {
        missingSettings = List.copyOf(missingSettings);
    }

    public String reason() {
        if (problem != null) {
            return problem;
        }
        if (enabled) {
            return "enabled";
        }
        return "disabled: missing " + String.join(", ", missingSettings.stream().map(Settings::describe).toList());
    }

    /** A problem found at run time (the connector stays loaded; its calls fail until it is fixed). */
    public ConnectorState withProblem(String problem) {
        return new ConnectorState(id, title, enabled, missingSettings, problem);
    }

    /** Records a run-time problem in the bridge's states, when there are any (not on the command line). */
    @SuppressWarnings("unchecked")
    public static void reportProblem(CamelContext context, String connectorId, String problem) {
        Map<String, ConnectorState> states = context.getRegistry().lookupByNameAndType(KitBeans.CONNECTOR_STATES, Map.class);
        if (states != null) {
            states.computeIfPresent(connectorId, (id, state) -> state.withProblem(problem));
        }
    }
}
