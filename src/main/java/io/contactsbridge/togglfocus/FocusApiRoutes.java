package io.contactsbridge.togglfocus;

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
 * The Toggl Focus API on the kit's HTTP pipeline: a route per row of {@link FocusOperations},
 * {@code Bearer toggl_sk_...} (or Basic e-mail and password where configured instead), the hourly
 * quota and its 402 pause ({@link FocusQuota}), Focus's error bodies ({@link FocusErrors}) and the
 * look-up before a planned entry is created again ({@link FocusLookups}).
 */
public final class FocusApiRoutes {
    public static final String CLIENT_BEAN = ApiProfile.clientBean(TogglFocusConnector.ID);

    private FocusApiRoutes() {
    }

    public static RoutesBuilder routes(FocusSettings focus) {
        return new OperationRoutes(context -> profile(focus));
    }

    private static ApiProfile profile(FocusSettings focus) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(FocusOperations.WORKSPACE, String.valueOf(focus.workspaceId()));
        if (focus.organizationId() != null) {
            defaults.put(FocusOperations.ORGANIZATION, String.valueOf(focus.organizationId()));
        }
        if (focus.returnTo() != null) {
            defaults.put(FocusOperations.RETURN_TO, focus.returnTo());
        }
        StaticTokenProvider tokens = focus.bearer() ? StaticTokenProvider.bearer(focus.apiKey(), "API key")
                : StaticTokenProvider.basic(focus.email(), focus.password(), "e-mail and password");
        return new ApiProfile(TogglFocusConnector.ID, TogglFocusConnector.TITLE, FocusOperations.NAMESPACE,
                Map.of(ApiOperation.API, focus.baseUrl()), FocusOperations.all(), defaults,
                Map.of("Accept", "application/json", "User-Agent", "contacts-bridge"), tokens,
                new FocusQuota(focus.hourlyQuota(), Clock.systemUTC()), new FocusErrors(), new FocusLookups(), focus.http());
    }

    /** The client the operation routes run on, from the registry. */
    public static ApiClient client(CamelContext context) {
        ApiClient client = context.getRegistry().lookupByNameAndType(CLIENT_BEAN, ApiClient.class);
        if (client == null) {
            throw new IllegalStateException("the Toggl Focus operation routes are not loaded");
        }
        return client;
    }
}
