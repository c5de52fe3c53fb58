package io.contactsbridge.console;

import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.LoggedAlerts;
import io.contactsbridge.sync.SyncJson;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The bridge's alert channel (bean {@value io.contactsbridge.connector.Alerts#BEAN}): the log, and
 * when {@code bridge.alerts.webhook-url} is set a JSON post per incident opened and resolved, with
 * a Slack-compatible {@code text}. Posts go through a queue to Camel's HTTP producer
 * ({@link AlertRoutes}), so a slow or broken webhook never holds the flow that raised the incident.
 */
public final class BridgeAlerts extends LoggedAlerts {
    static final String QUEUE = "seda:console.alert-webhook";
    private final CamelContext context;
    private final boolean webhook;
    private volatile ProducerTemplate template;

    BridgeAlerts(CamelContext context, boolean webhook) {
        this.context = context;
        this.webhook = webhook;
    }

    @Override
    protected void opened(Incident incident) {
        post(Map.of("status", "open", "key", incident.key(), "connector", String.valueOf(incident.connectorId()),
                "summary", incident.summary(), "since", incident.since().toString()),
                ":rotating_light: Contacts Bridge: " + incident.summary() + " [" + incident.key() + "]");
    }

    @Override
    protected void resolved(Incident incident, String summary) {
        post(Map.of("status", "resolved", "key", incident.key(), "connector", String.valueOf(incident.connectorId()),
                "summary", summary, "since", incident.since().toString()),
                ":white_check_mark: Contacts Bridge, resolved: " + summary + " [" + incident.key() + "]");
    }

    private void post(Map<String, Object> fields, String text) {
        if (!webhook || !context.isStarted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", SecretMasker.mask(text));
        body.putAll(fields);
        body.put("summary", SecretMasker.mask(String.valueOf(fields.get("summary"))));
        ProducerTemplate t = template;
        if (t == null) {
            t = context.createProducerTemplate();
            template = t;
        }
        t.asyncSendBody(QUEUE, SyncJson.write(body));
    }
}
