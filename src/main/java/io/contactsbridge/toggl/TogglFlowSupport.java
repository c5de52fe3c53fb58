package io.contactsbridge.toggl;

import java.util.Map;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.connector.mapping.ContactNames;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running bridge adds for the Toggl flows: the mapping defaults ({@value TogglMappings#BEAN})
 * and lookups ({@value TogglContacts#BEAN}) the YAML flows call, and, when
 * {@code toggl.subscribe-on-start} is true, a one-off route that makes sure the webhook subscription
 * for {@code toggl.callback-url} exists once the HTTP server is up.
 */
final class TogglFlowSupport extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TogglFlowSupport.class);
    private final TogglSettings settings;

    TogglFlowSupport(TogglSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(TogglMappings.BEAN, new TogglMappings(ContactNames.of(Settings.of(getContext()))));
        getContext().getRegistry().bind(TogglContacts.BEAN, new TogglContacts(getContext()));
        getContext().getRegistry().bind(TogglWorkspaces.BEAN, new TogglWorkspaces(getContext(), settings));
        getContext().getRegistry().bind(TogglInvitations.BEAN, new TogglInvitations(getContext(), settings));
        if (!settings.subscribeOnStart()) {
            return;
        }
        String callback = settings.callbackUrl();
        if (callback == null) {
            LOG.warn("toggl.subscribe-on-start is true but TOGGL_CALLBACK_URL is not set: no subscription made");
            return;
        }
        from("timer:toggl.ensure-subscription?repeatCount=1&delay=1000").routeId("toggl.ensure-subscription")
                .process(exchange -> {
                    try {
                        TogglQuota.spending(TogglQuota.OTHER, () -> new TogglSubscriptions(
                                TogglApiRoutes.client(getContext()).operations(), settings).ensure(callback));
                    } catch (RuntimeException e) {
                        LOG.warn("Toggl webhook subscription not ensured: {} (run 'subscriptions create' later)",
                                e.getMessage());
                    }
                });
    }

    /** The connection check: the API token reaches the configured workspace (one org-scoped call). */
    static CheckResult check(Operations operations) {
        try {
            Object workspace = operations.probe("get-workspace", Map.of(), null);
            Object name = workspace instanceof Map<?, ?> m ? m.get("name") : null;
            return CheckResult.ok("OK: workspace " + (name == null ? "" : "'" + name + "' ") + "reachable with the API token");
        } catch (ApiException e) {
            return CheckResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.failed("Toggl Track: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
