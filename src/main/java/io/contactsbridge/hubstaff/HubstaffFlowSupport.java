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
 * the lookups ({@value HubstaffContacts#BEAN}) and the webhook subscriptions.
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
        // the first poll (Hubstaff sends no client webhooks) is the bridge's catch-up at start, and the
        // webhook subscription is made before the bridge reports ready (subscribesAtStart)
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
