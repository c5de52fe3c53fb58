package io.contactsbridge.console;

import io.contactsbridge.config.SecretMasker;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules' schedule, the background connection check, and the alert webhook: a queue
 * drained by Camel's HTTP producer (three tries, then one log line; an alert is never lost from
 * the log, only from the webhook).
 */
final class AlertRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
    private final ConsoleSettings settings;
    private final AlertRules rules;
    private final ConnectionMonitor monitor;

    AlertRoutes(ConsoleSettings settings, AlertRules rules, ConnectionMonitor monitor) {
        this.settings = settings;
        this.rules = rules;
        this.monitor = monitor;
    }

    @Override
    public void configure() {
        long every = settings.alertInterval().toMillis();
        from("timer:console.alert-rules?delay=" + Math.min(every, 5_000) + "&period=" + every).routeId("console.alert-rules")
                .process(e -> rules.evaluate());
        long checks = settings.checkInterval().toMillis();
        if (checks > 0) {
            from("timer:console.connection-check?delay=" + checks + "&period=" + checks).routeId("console.connection-check")
                    .process(e -> monitor.checkAll());
        }
        String url = settings.webhookUrl();
        if (url.startsWith("http://") || url.startsWith("https://")) {
            SecretMasker.register(url);
            from(BridgeAlerts.QUEUE + "?size=1000").routeId("console.alert-webhook")
                    .errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(2_000).logExhausted(false)
                            .logRetryAttempted(false))
                    .onException(Exception.class).handled(true)
                        .process(e -> LOG.warn("alert webhook not delivered: {}", SecretMasker.mask(String.valueOf(
                                e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))))
                    .end()
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .to(url);
        } else if (!url.isEmpty()) {
            LOG.warn("{} is not an http(s) URL: alerts go to the log only", ConsoleSettings.WEBHOOK_URL);
        }
    }
}
