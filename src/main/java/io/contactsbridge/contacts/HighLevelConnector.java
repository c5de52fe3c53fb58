package io.contactsbridge.contacts;

import java.util.ArrayList;
import java.util.List;

import io.contactsbridge.config.Settings;
import io.contactsbridge.contacts.webhook.HighLevelWebhookRoutes;
import io.contactsbridge.runtime.ConnectionCheck;
import io.contactsbridge.runtime.Connector;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * HighLevel (LeadConnector) Contacts API v2: the system every flow writes to, so the bridge
 * refuses to start without it. Authenticates with a private integration token or with OAuth 2.0.
 * Routes: {@link ContactsRoutes} ({@code direct:contacts.<operationId>}).
 */
public class HighLevelConnector implements Connector, ConnectionCheck {
    public static final String NAME = "highlevel";
    public static final String BASE_URL = "highlevel.base-url";
    public static final String LOCATION_ID = "highlevel.location-id";
    public static final String TOKEN = "highlevel.token";
    public static final String CLIENT_ID = "highlevel.client-id";
    public static final String CLIENT_SECRET = "highlevel.client-secret";
    public static final String REFRESH_TOKEN = "highlevel.refresh-token";
    /** Settings whose values are secrets (masked in logs). */
    public static final List<String> SECRET_KEYS = List.of(TOKEN, CLIENT_SECRET, REFRESH_TOKEN);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "HighLevel";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        List<String> missing = new ArrayList<>(settings.missing(List.of(BASE_URL, LOCATION_ID)));
        if (!settings.isSet(TOKEN)) {
            // no private integration token: then OAuth must be configured
            List<String> oauth = settings.missing(List.of(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN));
            if (oauth.size() == 3) {
                missing.add(Settings.envName(TOKEN) + " (private integration token) or "
                        + Settings.envName(CLIENT_ID) + " + " + Settings.envName(CLIENT_SECRET) + " + "
                        + Settings.envName(REFRESH_TOKEN) + " (OAuth)");
            } else if (!(oauth.size() == 1 && oauth.contains(REFRESH_TOKEN))) {
                missing.addAll(oauth);
            }
            // with client id and secret, the refresh token may be absent: after the first start the
            // rotated one is in the tokens table (without a stored one, the start says so)
        }
        return missing;
    }

    @Override
    public List<RoutesBuilder> routes(Settings settings) {
        return List.of(new ContactsRoutes(HighLevelConfig.from(settings), true), new HighLevelWebhookRoutes());
    }

    @Override
    public boolean needsDatabase(Settings settings) {
        return !settings.isSet(TOKEN);
    }

    @Override
    public List<RoutesBuilder> clientRoutes(Settings settings) {
        return List.of(new ContactsRoutes(HighLevelConfig.from(settings), false));
    }

    @Override
    public ConnectionCheck.Result check(CamelContext context) {
        HighLevelClient client = context.getRegistry().lookupByNameAndType(ContactsRoutes.CLIENT_BEAN, HighLevelClient.class);
        if (client == null) {
            return ConnectionCheck.Result.failed("HighLevel routes are not loaded");
        }
        return new HighLevelConnection(client).check();
    }
}
