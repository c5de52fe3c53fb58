package io.contactsbridge.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.auth.AuthorizationStates;
import io.contactsbridge.connector.auth.ConsentLink;
import io.contactsbridge.console.Console;
import io.contactsbridge.ops.AdminAuth;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.sync.SyncStatus;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /api/status} (bearer {@code BRIDGE_ADMIN_TOKEN}): every connector's state (enabled, or
 * why not, and any run-time problem) with what it reports about itself ({@link Connector#status}:
 * quota, pauses), each connection's state as the console shows it (OK / degraded / failing, why,
 * what to do, last webhook and poll, quota left, token expiry), the open incidents, and the sync
 * core's inbox, dead letters and polls. No connector is named here.
 */
final class StatusRoutes extends RouteBuilder {
    private final List<Connector> enabled;

    StatusRoutes(List<Connector> enabled) {
        this.enabled = List.copyOf(enabled);
    }

    @Override
    public void configure() {
        AdminAuth auth = new AdminAuth(Settings.of(getContext()).get(BridgeSettings.ADMIN_TOKEN, ""));
        onException(AdminAuth.Denied.class).handled(true)
                .process(e -> json(e, 401, Map.of("error", e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())))
                .setHeader("WWW-Authenticate", constant("Bearer"));
        from("platform-http:/api/status?httpMethodRestrict=GET").routeId("api.status")
                .process(auth)
                .process(e -> json(e, 200, status(e)));
        // the consent URL of a connector using OAuth, for 'connect' while this bridge holds the state store
        from("platform-http:/api/connect/{connector}?httpMethodRestrict=POST").routeId("api.connect")
                .process(auth)
                .process(this::connect);
    }

    private void connect(Exchange e) {
        String id = e.getMessage().getHeader("connector", String.class);
        Settings settings = Settings.of(e.getContext());
        var oauth = enabled.stream().filter(c -> c.id().equals(id)).findFirst().flatMap(c -> c.oauthConnect(settings));
        if (oauth.isEmpty()) {
            json(e, 404, Map.of("error", "no enabled connector '" + id + "' that uses OAuth"));
            return;
        }
        String redirectUri = e.getMessage().getHeader("redirectUri", String.class);
        Duration ttl = Duration.ofSeconds(settings.getInt(ConsentLink.STATE_TTL,
                (int) AuthorizationStates.DEFAULT_TTL.toSeconds(), 1, 24 * 3600));
        try {
            DataSource dataSource = e.getContext().getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
            json(e, 200, ConsentLink.create(dataSource, oauth.get(), redirectUri, ttl).toMap());
        } catch (IllegalArgumentException bad) {
            json(e, 400, Map.of("error", bad.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(Exchange e) {
        Map<String, ConnectorState> states = e.getContext().getRegistry().lookupByNameAndType(KitBeans.CONNECTOR_STATES, Map.class);
        List<Map<String, Object>> connectors = new ArrayList<>();
        for (ConnectorState state : states.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", state.id());
            c.put("title", state.title());
            c.put("enabled", state.enabled());
            c.put("state", state.problem() != null ? "failing" : state.enabled() ? "ok" : "disabled");
            c.put("reason", state.reason());
            enabled.stream().filter(x -> x.id().equals(state.id())).findFirst().ifPresent(x -> {
                try {
                    c.put("details", x.status(e.getContext()));
                } catch (RuntimeException failure) {
                    c.put("details", Map.of("error", String.valueOf(failure.getMessage())));
                }
            });
            connectors.add(c);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connectors", connectors);
        answer.put("connections", Console.connections(e.getContext()));
        answer.put("incidents", Console.incidents(e.getContext()));
        SyncStatus sync = e.getContext().getRegistry().lookupByNameAndType(SyncCore.STATUS_BEAN, SyncStatus.class);
        if (sync != null) {
            answer.put("sync", sync.toMap());
        }
        return answer;
    }

    private static void json(Exchange e, int status, Object body) {
        e.getMessage().setHeaders(new LinkedHashMap<>());
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(SyncJson.write(body));
    }
}
