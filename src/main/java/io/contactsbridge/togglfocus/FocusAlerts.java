package io.contactsbridge.togglfocus;

import java.util.Map;

import io.contactsbridge.connector.Alerts;
import org.apache.camel.CamelContext;

/**
 * The alert side of {@code focus-calendar-health-to-alerts} (bean {@value #BEAN}): a failing
 * integration opens its incident on the bridge's alert channel (once: raising an open incident
 * changes nothing), a healed or removed one closes it.
 */
public final class FocusAlerts {
    public static final String BEAN = "focusAlerts";
    private final CamelContext context;

    FocusAlerts(CamelContext context) {
        this.context = context;
    }

    /** Opens the incident of a {@code calendar_health} change; true when it was not open yet. */
    public boolean raise(Map<String, Object> health) {
        return Alerts.of(context).raise(String.valueOf(health.get("alertKey")), TogglFocusConnector.ID,
                String.valueOf(health.get("summary")));
    }

    /** Closes it; true when one was open. */
    public boolean resolve(Map<String, Object> health) {
        return Alerts.of(context).resolve(String.valueOf(health.get("alertKey")), String.valueOf(health.get("summary")));
    }
}
