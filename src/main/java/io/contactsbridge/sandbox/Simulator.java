package io.contactsbridge.sandbox;

import java.util.Map;

/**
 * An in-process stand-in for one external API, served under {@code /sandbox/<name>} by
 * {@link SimulatorRegistry}. Production code never imports a simulator; the registry only
 * tells each connector, through its settings, where its simulator lives.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.contactsbridge.sandbox.Simulator} and give it a public no-arg
 * constructor. The kit in this package supplies auth ({@link Auth}), faults ({@link Faults}), the
 * request log, paging ({@link Paging}), limits ({@link RateLimiter}, {@link LeakyBucket}) and control
 * endpoints ({@link ControlEndpoints}); a simulator adds its data model and its routes.
 */
public interface Simulator {

    /** The URL segment under /sandbox/ (e.g. {@code highlevel}). */
    String name();

    /** The id of the connector this simulator stands in for (e.g. {@code highlevel}, {@code toggl}). */
    default String connector() {
        return name();
    }

    /** Answers one request; the path is relative to the simulator's root. */
    SimResponse handle(SimRequest request) throws Exception;

    /**
     * The settings (property keys of application.properties) that point the matching connector
     * at this simulator, given the simulator's root URL, e.g.
     * {@code highlevel.base-url -> http://localhost:8080/sandbox/highlevel}.
     */
    Map<String, String> connectorSettings(String rootUrl);

    /**
     * In sandbox mode: send this API's webhooks to the bridge whose HTTP root is {@code bridgeUrl}
     * (e.g. to {@code bridgeUrl + "/webhooks/highlevel"}), as a configured real account would.
     */
    default void deliverWebhooksTo(String bridgeUrl) {
    }

    /** Fills the simulator with demo data for {@code --sandbox}. */
    default void seedDemoData() {
    }
}
