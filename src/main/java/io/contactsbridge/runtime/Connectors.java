package io.contactsbridge.runtime;

import java.util.List;

import io.contactsbridge.contacts.HighLevelConnector;
import io.contactsbridge.toggl.TogglConnector;

/** The one place that lists every connector (connectors never import each other). */
public final class Connectors {
    private Connectors() {
    }

    public static List<Connector> all() {
        return List.of(new HighLevelConnector(), new TogglConnector());
    }

    public static List<io.contactsbridge.sandbox.Simulator> simulators() {
        return io.contactsbridge.sandbox.Simulators.all();
    }
}
