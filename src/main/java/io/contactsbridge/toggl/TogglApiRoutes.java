package io.contactsbridge.toggl;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.connector.auth.StaticTokenProvider;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiProfile;
import io.contactsbridge.connector.http.OperationRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The Toggl Track API v9 and Webhooks API v1 on the kit's HTTP pipeline: a route per row of
 * {@link TogglOperations}, Basic auth with the API token (user = token, password = the word
 * {@code api_token}), the hourly quota and its 402 pause ({@link TogglQuota}), Toggl's string error
 * bodies ({@link TogglErrors}), and the look-up before a create is re-sent ({@link TogglLookups}).
 * The quota is bound as {@value TogglQuota#BEAN} for the status data.
 */
public final class TogglApiRoutes {
    public static final String CLIENT_BEAN = ApiProfile.clientBean(TogglConnector.ID);

    private TogglApiRoutes() {
    }

    public static RoutesBuilder routes(TogglSettings toggl) {
        return new OperationRoutes(context -> profile(context, toggl));
    }

    private static ApiProfile profile(CamelContext context, TogglSettings toggl) {
        TogglQuota quota = new TogglQuota(toggl.hourlyQuota(), toggl.http().maxRetryAfterMillis(), Clock.systemUTC());
        context.getRegistry().bind(TogglQuota.BEAN, quota);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(TogglOperations.WORKSPACE, String.valueOf(toggl.workspaceId()));
        if (toggl.organizationId() != null) {
            defaults.put(TogglOperations.ORGANIZATION, String.valueOf(toggl.organizationId()));
        }
        return new ApiProfile(TogglConnector.ID, TogglConnector.TITLE, TogglOperations.NAMESPACE,
                Map.of(ApiOperation.API, toggl.baseUrl(), TogglOperations.WEBHOOKS, toggl.webhooksUrl(),
                        TogglOperations.REPORTS, toggl.reportsUrl()),
                TogglOperations.all(), defaults, Map.of("Accept", "application/json", "User-Agent", "contacts-bridge"),
                StaticTokenProvider.basic(toggl.apiToken(), "api_token", "API token"), quota, new TogglErrors(),
                new TogglLookups(), toggl.http());
    }

    /** The client the operation routes run on, from the registry. */
    public static ApiClient client(CamelContext context) {
        ApiClient client = context.getRegistry().lookupByNameAndType(CLIENT_BEAN, ApiClient.class);
        if (client == null) {
            throw new IllegalStateException("the Toggl operation routes are not loaded");
        }
        return client;
    }
}
