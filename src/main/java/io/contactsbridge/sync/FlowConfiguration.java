package io.contactsbridge.sync;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one route configuration every flow uses ({@code routeConfigurationId: sync-flow} in its YAML):
 * no error handler of its own. A failure goes back to the inbox consumer, which retries the event
 * with backoff or moves it to dead letters, and logs one line; a flow never swallows an error.
 */
public final class FlowConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "sync-flow";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
