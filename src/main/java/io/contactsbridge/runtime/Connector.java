package io.contactsbridge.runtime;

import java.util.List;

import io.contactsbridge.config.Settings;
import org.apache.camel.RoutesBuilder;

/**
 * One external system the bridge talks to. The launcher asks each connector which of its settings
 * are missing: the target system (HighLevel) must be complete or the bridge refuses to start; a
 * source connector with missing settings is disabled with one log line and shown as disabled.
 * Connectors never know about each other; the launcher is the only place that lists them all.
 */
public interface Connector {

    /** Short lower-case name, also the settings prefix and the webhook path ({@code toggl}). */
    String name();

    /** Name shown to people ({@code Toggl Track}). */
    String title();

    /** True for the system every flow writes to: without it the bridge cannot run. */
    default boolean required() {
        return false;
    }

    /** Keys (application.properties names) that must have a value, given the current settings. */
    List<String> missingSettings(Settings settings);

    /**
     * True when some of the connector's own settings are given although others are missing: a
     * half-finished set-up is an error to name, not a reason to quietly disable the connector.
     */
    default boolean partlyConfigured(Settings settings) {
        return false;
    }

    /** The connector's Java DSL routes, added when the connector is enabled. */
    List<RoutesBuilder> routes(Settings settings);
}
