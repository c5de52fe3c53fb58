package io.contactsbridge.connector;

/**
 * Names under which the bridge binds shared things in the Camel registry, for connectors and the
 * kit to look up (so neither imports the composition root).
 */
public final class KitBeans {
    /** The state store's {@link javax.sql.DataSource}. */
    public static final String DATA_SOURCE = "dataSource";
    /** {@code Map<String, ConnectorState>} by connector id: enabled or why not, and problems found at run time. */
    public static final String CONNECTOR_STATES = "connectorStates";

    private KitBeans() {
    }
}
