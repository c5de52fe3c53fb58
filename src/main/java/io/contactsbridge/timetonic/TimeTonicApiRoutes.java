package io.contactsbridge.timetonic;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.auth.TokenProvider;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiProfile;
import io.contactsbridge.connector.http.OperationRoutes;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;

/**
 * The TimeTonic API on the kit's HTTP pipeline: a route per row of {@link TimeTonicOperations}
 * (form bodies, "nok" answers typed by {@link TimeTonicErrors}, the session of {@link TimeTonicSession}),
 * and the session chain's own routes ({@code direct:timetonic-session.*}, sent without a session).
 */
public final class TimeTonicApiRoutes {
    public static final String CLIENT_BEAN = ApiProfile.clientBean(TimeTonicConnector.ID);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSION_CONNECTOR = "timetonic-session";

    private TimeTonicApiRoutes() {
    }

    public static List<RoutesBuilder> routes(TimeTonicSettings settings) {
        return List.of(new OperationRoutes(context -> sessionProfile(settings)),
                new OperationRoutes(context -> profile(context, settings)));
    }

    private static ApiProfile profile(CamelContext context, TimeTonicSettings settings) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        if (dataSource == null) {
            throw new ConfigException("TimeTonic keeps its session in the state store (tokens table), but none is configured");
        }
        Operations chain = new Operations(context, SESSION_CONNECTOR, TimeTonicConnector.TITLE,
                TimeTonicOperations.SESSION_NAMESPACE);
        TokenProvider session = new TimeTonicSession(new TokenStore(dataSource, TokenCipher.require(context, "TimeTonic")), chain, settings);
        return new ApiProfile(TimeTonicConnector.ID, TimeTonicConnector.TITLE, TimeTonicOperations.NAMESPACE,
                Map.of(ApiOperation.API, settings.baseUrl()), TimeTonicOperations.all(),
                TimeTonicOperations.defaults(settings), headers(), session, null, new TimeTonicErrors(),
                new TimeTonicLookups(Settings.of(context).getInt("timetonic.page-size", 100, 1, 1000)),
                settings.http());
    }

    private static ApiProfile sessionProfile(TimeTonicSettings settings) {
        return new ApiProfile(SESSION_CONNECTOR, TimeTonicConnector.TITLE, TimeTonicOperations.SESSION_NAMESPACE,
                Map.of(ApiOperation.API, settings.baseUrl()), TimeTonicOperations.session(),
                TimeTonicOperations.defaults(settings), headers(), NO_SESSION, null, new TimeTonicErrors(), null,
                settings.http());
    }

    private static Map<String, String> headers() {
        return Map.of("Accept", "application/json", "User-Agent", "contacts-bridge");
    }

    /** The session chain's own calls carry their keys as fields, nothing else. */
    private static final TokenProvider NO_SESSION = new TokenProvider() {
        @Override
        public String credential() {
            return "";
        }

        @Override
        public void apply(Message request, String credential) {
        }

        @Override
        public boolean renewAfterRejection(String rejected) {
            return false;
        }

        @Override
        public String mode() {
            return "none";
        }
    };

    /** The client the operation routes run on, from the registry. */
    public static ApiClient client(CamelContext context) {
        ApiClient client = context.getRegistry().lookupByNameAndType(CLIENT_BEAN, ApiClient.class);
        if (client == null) {
            throw new IllegalStateException("the TimeTonic operation routes are not loaded");
        }
        return client;
    }
}
