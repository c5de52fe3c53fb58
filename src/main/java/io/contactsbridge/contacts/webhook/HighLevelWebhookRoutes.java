package io.contactsbridge.contacts.webhook;

import io.contactsbridge.config.Settings;
import io.contactsbridge.webhook.WebhookIntake;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/highlevel} (route {@code highlevel-webhook}): verified HighLevel events go
 * into the inbox; also binds the translator the inbox consumer uses for them.
 */
public class HighLevelWebhookRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(HighLevelWebhookRoutes.class);
    public static final String ROUTE_ID = "highlevel-webhook";

    @Override
    public void configure() {
        bindToRegistry(HighLevelChangeTranslator.BEAN_NAME, new HighLevelChangeTranslator());
        HighLevelWebhookHandler handler = HighLevelWebhookHandler.fromSettings(Settings.of(getContext()));
        if (!handler.signatures().hasAnyKey()) {
            LOG.warn("no HighLevel webhook key configured ({} / {}): every HighLevel webhook will be refused",
                    Settings.describe(HighLevelWebhookHandler.ED25519_KEY), Settings.describe(HighLevelWebhookHandler.RSA_KEY));
        }
        from(WebhookIntake.endpointUri(handler.source()))
                .routeId(ROUTE_ID)
                .process(WebhookIntake.create(getContext(), handler));
    }
}
