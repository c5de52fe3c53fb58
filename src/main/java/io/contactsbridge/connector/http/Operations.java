package io.contactsbridge.connector.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;

/**
 * Calls operation routes from Java (lookups, pollers, connection checks, subscriptions): headers
 * and body in, the parsed answer out, and a failure thrown as the typed exception the route threw
 * (never wrapped in Camel's exceptions).
 */
public final class Operations {
    private final CamelContext context;
    private final ApiCall connector;
    private final String namespace;
    private volatile ProducerTemplate template;

    public Operations(CamelContext context, ApiProfile profile) {
        this(context, profile.connector(), profile.title(), profile.namespace());
    }

    /**
     * @param connector the connector's id and title name it in typed exceptions
     * @param namespace the operation routes' prefix ({@code contacts})
     */
    public Operations(CamelContext context, String connector, String title, String namespace) {
        this.context = context;
        this.connector = new ApiCall(connector, title, "-");
        this.namespace = namespace;
    }

    /** The {@link ApiCall} naming this connector and operation, for typed exceptions. */
    public ApiCall call(ApiOperation operation) {
        return connector.operation(operation.operationId());
    }

    /** Runs {@code direct:<namespace>.<operationId>} of this connector. */
    public Object call(String operationId, Map<String, ?> headers, Object body) {
        return send("direct:" + namespace + "." + operationId, headers, body, false);
    }

    /** Like {@link #call}, but sent even in dry run and read-only mode (connection checks: it changes nothing). */
    public Object probe(String operationId, Map<String, ?> headers, Object body) {
        return send("direct:" + namespace + "." + operationId, headers, body, true);
    }

    /** {@link #call} whose answer is a JSON object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> callForMap(String operationId, Map<String, ?> headers, Object body) {
        Object answer = call(operationId, headers, body);
        return answer instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private Object send(String endpoint, Map<String, ?> headers, Object body, boolean probe) {
        Exchange answer = template().send(endpoint, ex -> {
            if (probe) {
                ex.setProperty(ApiClient.PROBE, true);
            }
            ex.getIn().getHeaders().putAll(headers);
            ex.getIn().setBody(body);
        });
        if (answer.getException() != null) {
            throw unwrap(answer.getException());
        }
        return answer.getMessage().getBody();
    }

    /** The typed exception inside Camel's wrappers. */
    public static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CamelExecutionException || t instanceof RuntimeCamelException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
