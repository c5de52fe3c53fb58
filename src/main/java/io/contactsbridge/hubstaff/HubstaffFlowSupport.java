package io.contactsbridge.hubstaff;

import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.connector.mapping.ContactNames;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running bridge adds for the Hubstaff flows: the mapping defaults ({@value HubstaffMappings#BEAN}),
 * the lookups ({@value HubstaffContacts#BEAN}), a poll cycle right after start when
 * {@code hubstaff.poll-on-start} is true, and, when {@code hubstaff.webhook.subscribe-on-start}
 * is true, a one-off route that makes sure the webhook subscription for
 * {@code hubstaff.webhook.callback-url} exists and is active once the HTTP server is up.
 */
final class HubstaffFlowSupport extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(HubstaffFlowSupport.class);
    private final HubstaffSettings settings;

    HubstaffFlowSupport(HubstaffSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(HubstaffMappings.BEAN, new HubstaffMappings(ContactNames.of(Settings.of(getContext()))));
        getContext().getRegistry().bind(HubstaffContacts.BEAN, new HubstaffContacts(getContext(), new HubstaffDirectory()));
        if (settings.pollOnStart()) {
            // Hubstaff sends no client webhooks: without this a new bridge shows its clients only after the
            // first scheduled cycle. Two cycles, the second a few seconds on, for what was set up while starting.
            from("timer:hubstaff.first-poll?repeatCount=2&delay=2500&period=5000").routeId("hubstaff.first-poll")
                    .setHeader("syncTrigger", constant("start"))
                    .to("direct:sync.poll-cycle");
        }
        if (!settings.subscribeOnStart()) {
            return;
        }
        String callback = settings.webhookCallbackUrl();
        if (callback == null) {
            LOG.warn("hubstaff.webhook.subscribe-on-start is true but HUBSTAFF_WEBHOOK_CALLBACK_URL is not set: no subscription made");
            return;
        }
        from("timer:hubstaff.ensure-webhook?repeatCount=1&delay=1000").routeId("hubstaff.ensure-webhook")
                .process(exchange -> {
                    try {
                        subscriptions(this).ensure(callback);
                    } catch (RuntimeException e) {
                        LOG.warn("Hubstaff webhook not ensured: {} (run 'subscriptions create hubstaff' later)", e.getMessage());
                    }
                });
    }

    static HubstaffSubscriptions subscriptions(RouteBuilder builder) {
        return subscriptions(builder.getContext());
    }

    static HubstaffSubscriptions subscriptions(org.apache.camel.CamelContext context) {
        DataSource ds = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        return new HubstaffSubscriptions(HubstaffApiRoutes.client(context).operations(), new HubstaffHooks(ds),
                HubstaffSettings.from(Settings.of(context)));
    }

    /** The connection check: the token reaches the configured organization (one call, after a refresh if needed). */
    static CheckResult check(Operations operations) {
        try {
            Map<String, Object> answer = operations.callForMap("get-organization", Map.of(), null);
            Object name = answer.get("organization") instanceof Map<?, ?> o ? o.get("name") : null;
            return CheckResult.ok("OK: organization " + (name == null ? "" : "'" + name + "' ") + "reachable with the rotating refresh token");
        } catch (ApiException e) {
            return CheckResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.failed("Hubstaff: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
