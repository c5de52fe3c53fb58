package io.contactsbridge.webhook;

import java.util.List;

import io.contactsbridge.connector.webhook.WebhookPolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * One intake route per connector policy: {@code POST /webhooks/<source>} (or {@code /webhooks/<source>/{token}}
 * for a policy with a path parameter), route id {@code webhooks.<source>}.
 */
public final class WebhookRoutes extends RouteBuilder {
    private final List<WebhookPolicy> policies;

    public WebhookRoutes(List<WebhookPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    @Override
    public void configure() {
        for (WebhookPolicy policy : policies) {
            from(WebhookIntake.endpointUri(policy.source(), policy.pathParameter()))
                    .routeId("webhooks." + policy.source())
                    .process(WebhookIntake.create(getContext(), policy));
        }
    }
}
