package io.contactsbridge.contacts;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.auth.ConnectScopes;
import io.contactsbridge.connector.auth.OAuthCallbackRoutes;
import io.contactsbridge.connector.auth.OAuthConnect;
import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.connector.auth.TokenEndpoint;
import org.apache.camel.CamelContext;

/**
 * Connecting a HighLevel marketplace app to one location (sub-account) with the OAuth 2.0
 * authorization-code flow: the consent URL ({@code chooselocation}: the user picks the location
 * and approves the scopes), then {@code GET /oauth/highlevel/callback} exchanges the code at
 * {@code POST /oauth/token} (grant_type=authorization_code, user_type=Location) and stores the pair
 * and its location in the {@code tokens} table before anything uses it; from then on the pair
 * rotates as with a configured refresh token. Scopes: {@code contacts.readonly}, plus
 * {@code contacts.write} only when a flow in {@code routes/} names a Contacts write operation and
 * the bridge is not read-only ({@value #SCOPES} overrides both).
 */
public final class HighLevelOAuth implements OAuthConnect {
    public static final String AUTHORIZE_URL = "highlevel.oauth.authorize-url";
    public static final String REDIRECT_URI = "highlevel.oauth.redirect-uri";
    public static final String SCOPES = "highlevel.oauth.scopes";
    /** HighLevel's consent page for marketplace apps (the location chooser). */
    public static final String DEFAULT_AUTHORIZE_URL = "https://marketplace.gohighlevel.com/oauth/chooselocation";

    private final Settings settings;
    private final HighLevelConfig config;

    public HighLevelOAuth(Settings settings) {
        this.settings = settings;
        this.config = HighLevelConfig.from(settings);
    }

    @Override
    public String provider() {
        return HighLevelConnector.ID;
    }

    @Override
    public String title() {
        return HighLevelConnector.TITLE;
    }

    @Override
    public String redirectUri() {
        return settings.get(REDIRECT_URI).orElseGet(() -> "http://localhost:" + settings.getPort(BridgeSettings.HTTP_PORT)
                + OAuthCallbackRoutes.path(provider()));
    }

    @Override
    public Set<String> scopes() {
        return scopes(settings, config.readOnly(), ConnectScopes.flowTexts(Path.of(ConnectScopes.FLOWS_DIR)));
    }

    /** The configured scopes, else read, plus write when a flow writes (never when read-only). */
    static Set<String> scopes(Settings settings, boolean readOnly, java.util.List<String> flows) {
        if (settings.get(SCOPES).isPresent()) {
            Set<String> configured = new LinkedHashSet<>(Arrays.asList(settings.get(SCOPES).get().trim().split("[\\s,]+")));
            if (!configured.contains(ContactsOperations.READ_SCOPE) && !configured.contains(ContactsOperations.WRITE_SCOPE)) {
                throw new ConfigException(Settings.describe(SCOPES) + " must include " + ContactsOperations.READ_SCOPE);
            }
            return configured;
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(ContactsOperations.READ_SCOPE);
        if (!readOnly && ConnectScopes.anyWrite(new HighLevelConnector().operations(), flows)) {
            scopes.add(ContactsOperations.WRITE_SCOPE);
        }
        return scopes;
    }

    @Override
    public String authorizationUrl(String state, String redirectUri) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("redirect_uri", redirectUri);
        q.put("client_id", config.clientId());
        q.put("scope", String.join(" ", scopes()));
        q.put(STATE, state);
        return OAuthConnect.url(settings.get(AUTHORIZE_URL).orElse(DEFAULT_AUTHORIZE_URL), q);
    }

    @Override
    public Connected complete(CamelContext context, String code, String redirectUri) {
        RotatingTokenProvider tokens = ContactsApi.rotatingTokens(context)
                .orElseThrow(() -> new ConfigException("HighLevel uses a private integration token: there is nothing to connect"));
        TokenEndpoint.CodeGrant grant;
        try {
            grant = ContactsApi.tokenEndpoint(context, config).exchangeCode(code, redirectUri);
        } catch (TokenEndpoint.InvalidGrant e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(grant.fields().get("locationId") instanceof String location) || location.isBlank()) {
            throw new IllegalArgumentException("the token is not for a location (userType "
                    + grant.fields().get("userType") + "); install the app on a sub-account");
        }
        tokens.connected(location, grant.tokens());
        String scopes = grant.tokens().scope() == null ? "" : grant.tokens().scope();
        if (!location.equals(config.locationId())) {
            String problem = "HighLevel granted location " + location + ", but " + Settings.envName(HighLevelConfig.LOCATION_ID)
                    + " is " + config.locationId() + ": set it to " + location + " and restart, or connect again choosing "
                    + config.locationId();
            ConnectorState.reportProblem(context, provider(), problem);
            return new Connected(location, scopes, "Connected, with a problem: " + problem + ".");
        }
        Set<String> granted = new LinkedHashSet<>(Arrays.asList(scopes.trim().split("[\\s,]+")));
        Set<String> missing = new LinkedHashSet<>(scopes());
        missing.removeAll(granted);
        if (!missing.isEmpty()) {
            String problem = "the consent did not grant " + String.join(", ", missing) + "; connect again and approve them";
            ConnectorState.reportProblem(context, provider(), problem);
            return new Connected(location, scopes, "Connected HighLevel location " + location + ", but " + problem + ".");
        }
        ConnectorState.reportProblem(context, provider(), null);
        return new Connected(location, scopes, "Connected HighLevel location " + location + " (" + scopes
                + "). You can close this window.");
    }
}
