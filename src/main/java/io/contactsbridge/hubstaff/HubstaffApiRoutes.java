package io.contactsbridge.hubstaff;

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
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiProfile;
import io.contactsbridge.connector.http.OperationRoutes;
import io.contactsbridge.connector.http.QuotaPacer;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The Hubstaff API v2 on the kit's HTTP pipeline: a route per row of {@link HubstaffOperations},
 * Bearer access tokens from the kit's {@link RotatingTokenProvider} (the refresh token is exchanged at
 * {@code <account>/access_tokens}, each answer's new refresh token stored before the access token is
 * used, one refresh at a time, ahead of {@code expires_in}, once more after a 401), the hourly quota
 * ({@link HubstaffQuota}) and Hubstaff's error bodies ({@link HubstaffErrors}). The token provider is
 * bound as {@value #TOKENS_BEAN}.
 */
public final class HubstaffApiRoutes {
    public static final String CLIENT_BEAN = ApiProfile.clientBean(HubstaffConnector.ID);
    public static final String TOKENS_BEAN = "hubstaffTokens";
    static final String TOKEN_OPERATION = "access-tokens";

    private HubstaffApiRoutes() {
    }

    public static RoutesBuilder routes(HubstaffSettings hubstaff) {
        return new OperationRoutes(context -> profile(context, hubstaff));
    }

    private static ApiProfile profile(CamelContext context, HubstaffSettings hubstaff) {
        RotatingTokenProvider tokens = tokens(context, hubstaff);
        context.getRegistry().bind(TOKENS_BEAN, tokens);
        HubstaffQuota quota = new HubstaffQuota(new QuotaPacer(HubstaffQuota.HOURLY_LIMIT, HubstaffQuota.HOUR_MILLIS),
                hubstaff.http().maxRetryAfterMillis());
        return new ApiProfile(HubstaffConnector.ID, HubstaffConnector.TITLE, HubstaffOperations.NAMESPACE,
                Map.of(ApiOperation.API, hubstaff.baseUrl()), HubstaffOperations.all(),
                Map.of(HubstaffOperations.ORGANIZATION, String.valueOf(hubstaff.organizationId())),
                Map.of("Accept", "application/json", "User-Agent", "contacts-bridge"), tokens, quota,
                new HubstaffErrors(), new HubstaffLookups(), hubstaff.http());
    }

    private static RotatingTokenProvider tokens(CamelContext context, HubstaffSettings hubstaff) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        if (dataSource == null) {
            throw new ConfigException("Hubstaff needs the state store (its refresh token rotates), but none is configured");
        }
        ApiCall call = new ApiCall(HubstaffConnector.ID, HubstaffConnector.TITLE, TOKEN_OPERATION);
        FormTokenEndpoint endpoint = new FormTokenEndpoint(context, call, hubstaff.tokenUrl(), Map.of(),
                hubstaff.http().connectTimeoutMillis(), hubstaff.http().responseTimeoutMillis(),
                "check " + Settings.envName(HubstaffSettings.ACCOUNT_URL) + " and " + Settings.envName(HubstaffSettings.REFRESH_TOKEN));
        return new RotatingTokenProvider(new TokenStore(dataSource), endpoint, call, String.valueOf(hubstaff.organizationId()),
                Settings.envName(HubstaffSettings.REFRESH_TOKEN), hubstaff.refreshToken(),
                Duration.ofSeconds(hubstaff.refreshAheadSeconds()), Clock.systemUTC(),
                reason -> ConnectorState.reportProblem(context, HubstaffConnector.ID, "re-authorisation: " + reason));
    }

    /** The client the operation routes run on, from the registry. */
    public static ApiClient client(CamelContext context) {
        ApiClient client = context.getRegistry().lookupByNameAndType(CLIENT_BEAN, ApiClient.class);
        if (client == null) {
            throw new IllegalStateException("the Hubstaff operation routes are not loaded");
        }
        return client;
    }

    /** The token provider of the operation routes. */
    public static RotatingTokenProvider tokens(CamelContext context) {
        RotatingTokenProvider tokens = context.getRegistry().lookupByNameAndType(TOKENS_BEAN, RotatingTokenProvider.class);
        if (tokens == null) {
            throw new IllegalStateException("the Hubstaff operation routes are not loaded");
        }
        return tokens;
    }
}
