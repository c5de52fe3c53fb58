package io.contactsbridge.toggl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route per {@link TogglOperation}: {@code direct:toggl.create-client} and so on. Flows call
 * these, never HTTP. The answer replaces the body; the caller's headers are kept, plus
 * {@code TogglQuotaRemaining} / {@code TogglQuotaPaused} for flows that want to slow down.
 */
public class TogglApiRoutes extends RouteBuilder {
    public static final String HEADER_QUOTA_PAUSED = "TogglQuotaPaused";

    private final TogglApi api;

    public TogglApiRoutes(TogglApi api) {
        this.api = api;
    }

    @Override
    public void configure() {
        for (TogglOperation op : TogglOperation.ALL) {
            from(op.endpoint()).routeId(op.routeId())
                    .description(op.description())
                    .process(exchange -> invoke(op, exchange));
        }
    }

    void invoke(TogglOperation op, Exchange exchange) {
        Message in = exchange.getMessage();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace_id", api.settings().workspaceId());
        if (api.settings().organizationId() != null) {
            params.put("organization_id", api.settings().organizationId());
        }
        for (String p : op.pathParams()) {
            Object v = header(in, p);
            if (v != null) {
                params.put(p, v);
            }
        }
        Map<String, Object> query = new LinkedHashMap<>();
        for (String q : op.query()) {
            Object v = header(in, q);
            if (v != null) {
                query.put(q, v);
            }
        }
        Object body = op.hasBody() ? in.getBody() : null;
        if (op.hasBody() && body == null) {
            throw new IllegalArgumentException(op.routeId() + " needs a JSON body");
        }
        Object result = api.call(op.id(), op.method(), op.expand(params), query, body);
        in.setBody(result);
        in.setHeader("TogglQuotaRemaining", api.quota().remaining(TogglQuota.scopeOf(op.path())));
        in.setHeader(HEADER_QUOTA_PAUSED, api.quota().paused());
    }

    /** The header named like the spec ({@code client_id}) or in camelCase ({@code clientId}). */
    static Object header(Message in, String specName) {
        Object v = in.getHeader(specName);
        if (v == null) {
            v = in.getHeader(camel(specName));
        }
        return v;
    }

    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
