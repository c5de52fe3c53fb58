package io.contactsbridge.contacts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.auth.FormTokenEndpoint;
import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.connector.auth.StaticTokenProvider;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.connector.auth.TokenProvider;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiProfile;
import io.contactsbridge.connector.http.OperationRoutes;
import io.contactsbridge.connector.http.QuotaPacer;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The Contacts API on the kit's HTTP pipeline: {@code direct:contacts.<operationId>} for every row
 * of {@link ContactsOperations}, with a private integration token or OAuth (rotating refresh tokens
 * in the {@code tokens} table), the {@code Version} header, HighLevel's quota ({@link HighLevelQuota}),
 * its error answers ({@link HighLevelErrors}) and the look-up before a create is re-sent
 * ({@link ContactLookups}). Binds the client as {@code highlevel.api} and the token provider as
 * {@value #TOKENS_BEAN}.
 */
public final class ContactsApi {
    public static final String CLIENT_BEAN = ApiProfile.clientBean(HighLevelConnector.ID);
    public static final String TOKENS_BEAN = "highlevelTokens";
    /** API version header value for the Contacts API. */
    public static final String API_VERSION = "2021-07-28";
    static final String TOKEN_OPERATION = "oauth-token";

    private final HighLevelConfig config;

    private ContactsApi(HighLevelConfig config) {
        this.config = config;
    }

    /** The operation routes for these settings. */
    public static RoutesBuilder routes(HighLevelConfig config) {
        return new OperationRoutes(new ContactsApi(config)::profile);
    }

    private ApiProfile profile(CamelContext context) {
        TokenProvider tokens = config.oauth() ? oauthTokens(context)
                : StaticTokenProvider.bearer(config.token(), "private integration token");
        context.getRegistry().bind(TOKENS_BEAN, tokens);
        return new ApiProfile(HighLevelConnector.ID, HighLevelConnector.TITLE, ContactsOperations.NAMESPACE,
                Map.of(ApiOperation.API, config.baseUrl()), ContactsOperations.all(),
                Map.of(ContactsOperations.LOCATION, config.locationId()),
                Map.of("Version", API_VERSION, "Accept", "application/json"),
                tokens, new HighLevelQuota(new QuotaPacer(config.rateMax(), config.rateIntervalMillis()), config.locationId()),
                new HighLevelErrors(), new ContactLookups(), config.http());
    }

    /** The client the operation routes run on, from the registry. */
    public static ApiClient client(CamelContext context) {
        ApiClient client = context.getRegistry().lookupByNameAndType(CLIENT_BEAN, ApiClient.class);
        if (client == null) {
            throw new IllegalStateException("the HighLevel operation routes are not loaded");
        }
        return client;
    }

    /** {@code POST <base>/oauth/token} with the app's client id and secret, for sub-account (Location) tokens. */
    static FormTokenEndpoint tokenEndpoint(CamelContext context, HighLevelConfig config) {
        ApiCall call = new ApiCall(HighLevelConnector.ID, HighLevelConnector.TITLE, TOKEN_OPERATION);
        return new FormTokenEndpoint(context, call, config.baseUrl() + "/oauth/token",
                Map.of("client_id", config.clientId(), "client_secret", config.clientSecret(), "user_type", "Location"),
                config.http().connectTimeoutMillis(), config.http().responseTimeoutMillis(),
                "check " + Settings.envName(HighLevelConfig.CLIENT_ID) + " and " + Settings.envName(HighLevelConfig.CLIENT_SECRET));
    }

    /** The OAuth token provider, when the connection uses OAuth. */
    static java.util.Optional<RotatingTokenProvider> rotatingTokens(CamelContext context) {
        return java.util.Optional.ofNullable(context.getRegistry().lookupByNameAndType(TOKENS_BEAN, RotatingTokenProvider.class));
    }

    private TokenProvider oauthTokens(CamelContext context) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        if (dataSource == null) {
            throw new ConfigException("HighLevel OAuth needs the state store (tokens table), but none is configured");
        }
        ApiCall call = new ApiCall(HighLevelConnector.ID, HighLevelConnector.TITLE, TOKEN_OPERATION);
        FormTokenEndpoint endpoint = tokenEndpoint(context, config);
        TokenCipher cipher = TokenCipher.require(context, "HighLevel OAuth");
        return new RotatingTokenProvider(new TokenStore(dataSource, cipher), endpoint, call, config.locationId(),
                Settings.envName(HighLevelConfig.REFRESH_TOKEN), config.refreshToken(),
                Duration.ofSeconds(config.refreshAheadSeconds()), Clock.systemUTC(),
                reason -> ConnectorState.reportProblem(context, HighLevelConnector.ID, "re-authorisation: " + reason));
    }
}
