package io.contactsbridge.connector;

import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;

/**
 * The alert channel connectors and flows raise incidents on: once per incident (a repeated
 * {@link #raise} of an open key changes nothing), with a resolve message when it heals. The bridge
 * binds its implementation as {@value #BEAN}; the operations console lists {@link #open()}.
 */
public interface Alerts {
    String BEAN = "alerts";

    /** Opens the incident {@code key} (e.g. {@code timetonic.open-tasks.<row>}); true when it was not open yet. */
    boolean raise(String key, String connectorId, String summary);

    /** Closes the incident {@code key}; true when one was open. */
    boolean resolve(String key, String summary);

    List<Incident> open();

    record Incident(String key, String connectorId, String summary, Instant since) {
    }

    /** The bridge's alert channel, or one that only logs when none is bound (command line, unit tests). */
    static Alerts of(CamelContext context) {
        Alerts bound = context.getRegistry().lookupByNameAndType(BEAN, Alerts.class);
        if (bound != null) {
            return bound;
        }
        synchronized (context) {
            bound = context.getRegistry().lookupByNameAndType(BEAN, Alerts.class);
            if (bound == null) {
                bound = new LoggedAlerts();
                context.getRegistry().bind(BEAN, Alerts.class, bound);
            }
            return bound;
        }
    }
}
