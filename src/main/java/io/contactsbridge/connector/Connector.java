package io.contactsbridge.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * One external system, built from the kit: its settings (with the secret ones), its operation
 * routes ({@code direct:<namespace>.<operationId>}, ending in camel-http producers through
 * {@link io.contactsbridge.connector.http.OperationRoutes}), its webhook policy on the shared
 * intake, its change translator and pollers, how the sync core deletes its records, its connection
 * check, status and catalog. Found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.contactsbridge.connector.Connector}), so the house never names a
 * connector; connectors never know about each other.
 *
 * <p>The bridge enables a connector whose {@link #missingSettings} are empty; the hub (the system
 * every flow writes to) must be complete or the bridge refuses to start; another connector with
 * missing settings is disabled with one log line, unless it is half configured (an error).
 */
public interface Connector {

    /** Short lower-case id: settings prefix, webhook path, inbox source, link system ({@code toggl}). */
    String id();

    /** Name shown to people ({@code Toggl Track}). */
    String title();

    /** True for the system every flow writes to (HighLevel): without it the bridge cannot run. */
    default boolean hub() {
        return false;
    }

    /** Settings whose values are secrets: the log masker hides them from the start. */
    List<String> secretKeys();

    /** Keys (application.properties names) that must have a value, given the current settings. */
    List<String> missingSettings(Settings settings);

    /**
     * True when some of the connector's own settings are given although others are missing: a
     * half-finished set-up is an error to name, not a reason to quietly disable the connector.
     */
    default boolean partlyConfigured(Settings settings) {
        return false;
    }

    /** True when the operation routes need the state store (an OAuth token table). */
    default boolean needsDatabase(Settings settings) {
        return false;
    }

    /** Every operation with its parameters: {@code call}, {@code catalog} and the docs list these. */
    List<ApiOperation> operations();

    /** Every trigger (webhook event types, polls) with what it produces. */
    default List<Trigger> triggers() {
        return List.of();
    }

    /** The operation routes and what they need (credentials, quota): the bridge, {@code call} and {@code check} load these. */
    List<RoutesBuilder> operationRoutes(Settings settings);

    /**
     * What only the running bridge loads: composite operations, lookups and mapping beans the flows
     * use, start-up jobs. Added after {@link #operationRoutes}.
     */
    default List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of();
    }

    /** The rules of this connector's {@code /webhooks/<id>} on the shared intake, or empty without webhooks. */
    default Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        return Optional.empty();
    }

    /** Turns this connector's stored webhook bodies into canonical changes. */
    default Optional<ChangeTranslator> translator() {
        return Optional.empty();
    }

    /** {@link #translator()} for the running bridge, which may depend on the settings (the configured workspace). */
    default Optional<ChangeTranslator> translator(Settings settings) {
        return translator();
    }

    /** The polls the sync core's cycle runs for this connector (reading through its operation routes). */
    default List<SourcePoller> pollers(CamelContext context, Settings settings) {
        return List.of();
    }

    /** How the sync core deletes or archives this system's records (for its targets). */
    default List<RecordOperations> recordOperations() {
        return List.of();
    }

    /** Tests the connection through the operation routes (credentials, permissions, account). Never throws. */
    CheckResult check(CamelContext context);

    /**
     * The running bridge's start-up check (after every route started): throw a
     * {@link io.contactsbridge.config.ConfigException} when the connection cannot work at all.
     */
    default void verifyAtStart(CamelContext context) {
    }

    /** What the status page shows for this connector (quota left, pauses, token expiry). */
    default Map<String, Object> status(CamelContext context) {
        return Map.of();
    }

    /** True when the vendor sends webhooks only to subscriptions made through its API ({@link #subscriptions}). */
    default boolean managesSubscriptions() {
        return false;
    }

    /** The vendor's webhook subscriptions, for connectors whose vendor needs them made through its API. */
    default Optional<WebhookSubscriptions> subscriptions(CamelContext context) {
        return Optional.empty();
    }
}
