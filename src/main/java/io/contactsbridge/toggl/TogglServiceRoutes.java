package io.contactsbridge.toggl;

import javax.sql.DataSource;

import io.contactsbridge.config.Settings;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.webhook.WebhookIntake;
import io.contactsbridge.webhook.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Toggl connector's receiver route ({@code POST /webhooks/toggl}), its registry beans
 * ({@value TogglChangeTranslator#BEAN}, {@value TogglPoller#BEAN}, {@value TogglQuota#BEAN},
 * {@value #API_BEAN}, {@value #SUBSCRIPTIONS_BEAN}), the quota metrics, and — when
 * {@code toggl.subscribe-on-start} is true — a one-off route that makes sure the webhook
 * subscription for {@code toggl.callback-url} exists once the HTTP server is up.
 */
public class TogglServiceRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TogglServiceRoutes.class);
    public static final String API_BEAN = "togglApi";
    public static final String SUBSCRIPTIONS_BEAN = "togglSubscriptions";
    public static final String INBOX_BEAN = "inbox";

    private final TogglApi api;
    private final int maxBodyBytes;

    public TogglServiceRoutes(TogglApi api, int maxBodyBytes) {
        this.api = api;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void configure() {
        CamelContext context = getContext();
        TogglSubscriptions subscriptions = new TogglSubscriptions(api);
        context.getRegistry().bind(API_BEAN, api);
        context.getRegistry().bind(TogglQuota.BEAN, api.quota());
        context.getRegistry().bind(TogglChangeTranslator.BEAN, new TogglChangeTranslator());
        context.getRegistry().bind(TogglPoller.BEAN, new TogglPoller(api));
        context.getRegistry().bind(SUBSCRIPTIONS_BEAN, subscriptions);
        context.getRegistry().bind(TogglMappings.BEAN, new TogglMappings());
        context.getRegistry().bind(TogglContacts.BEAN, new TogglContacts(context));
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
                if (meters != null) {
                    api.quota().bindMetrics(meters);
                } else {
                    LOG.debug("no meter registry: Toggl quota gauges not exported");
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event.getType() == CamelEvent.Type.CamelContextStarted;
            }
        });

        from("platform-http:" + TogglWebhookReceiver.PATH + "?httpMethodRestrict=POST&useStreaming=false")
                .routeId("toggl.webhook-receiver")
                .process(new TogglWebhookReceiver(api.settings().webhookSecret(), inbox(context), maxBodyBytes,
                        java.time.Duration.ofDays(Settings.of(context).getInt(SyncSettings.INBOX_RETENTION_DAYS,
                                TogglWebhookReceiver.DEFAULT_REPLAY_WINDOW_DAYS, 1, 3650)),
                        new WebhookMetrics(context)));
        // bodies the HTTP server refuses itself (too large, undecodable forms) get JSON errors too
        WebhookIntake.installHttpErrors(context, TogglChanges.SOURCE);

        if (api.settings().subscribeOnStart()) {
            String callback = api.settings().callbackUrl();
            if (callback == null) {
                LOG.warn("toggl.subscribe-on-start is true but TOGGL_CALLBACK_URL is not set: no subscription made");
            } else {
                from("timer:toggl-subscribe?repeatCount=1&delay=1000").routeId("toggl.ensure-subscription")
                        .process(exchange -> {
                            try {
                                subscriptions.ensure(callback);
                            } catch (RuntimeException e) {
                                LOG.warn("Toggl webhook subscription not ensured: {} (run 'subscriptions create' later)",
                                        e.getMessage());
                            }
                        });
            }
        }
    }

    private static Inbox inbox(CamelContext context) {
        Inbox shared = context.getRegistry().lookupByNameAndType(INBOX_BEAN, Inbox.class);
        if (shared != null) {
            return shared;
        }
        DataSource ds = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (ds == null) {
            throw new IllegalStateException("no dataSource bean: the Toggl receiver needs the state store");
        }
        return new Inbox(ds);
    }
}
