package io.contactsbridge.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens between "Camel started" and "ready", the same for every connector: the webhook
 * intakes run; every connector that wants its vendor subscription made at start has it (retried
 * until the vendor answers); then the catch-up cycle starts (every source whose watermark is empty
 * or older than one cycle), and only then readiness turns UP. In this order an event of the first
 * second after "ready" comes by webhook, and whatever changed before is read by the catch-up.
 */
final class StartSequence extends AbstractHealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StartSequence.class);
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 60_000;
    /** Pauses before each look at a new subscription's validation. */
    static final List<Long> VALIDATION_WAITS = List.of(300L, 700L, 2_000L, 4_000L);

    private final List<Connector> enabled;
    private volatile String waitingFor = "the bridge is starting";
    private volatile boolean ready;

    StartSequence(List<Connector> enabled) {
        super("bridge", "start-sequence");
        this.enabled = List.copyOf(enabled);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (ready) {
            builder.up();
        } else {
            builder.message("not ready: " + waitingFor).down();
        }
    }

    boolean isReady() {
        return ready;
    }

    /** Runs the sequence on its own thread (a vendor that does not answer must not hold up the start). */
    void begin(CamelContext context) {
        Thread t = new Thread(() -> {
            try {
                run(context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("start sequence failed: {}", SecretMasker.mask(String.valueOf(e.getMessage())), e);
            }
        }, "bridge-start-sequence");
        t.setDaemon(true);
        t.start();
    }

    void run(CamelContext context) throws InterruptedException {
        waitingFor = "webhook intakes starting";
        awaitWebhookIntakes(context);
        Settings settings = Settings.of(context);
        for (Connector c : enabled) {
            if (c.managesSubscriptions() && c.subscribesAtStart(settings)) {
                ensureSubscription(context, c);
            }
        }
        if (context.isStopping() || context.isStopped()) {
            return;
        }
        boolean polling = SyncSettings.of(settings, "").pollEnabled();
        boolean catchUp = polling && settings.getBoolean(SyncSettings.POLL_CATCH_UP, true);
        if (catchUp) {
            waitingFor = "starting the catch-up poll";
            // asynchronously: the catch-up may take a while; webhooks are welcome meanwhile
            context.createProducerTemplate().asyncSendBody(SyncCore.CATCH_UP, null);
        }
        ready = true;
        waitingFor = "";
        LOG.info("Contacts Bridge ready: webhooks are received{}", catchUp ? ", catch-up poll started"
                : polling ? " (catch-up at start off)" : " (polling off)");
    }

    private void awaitWebhookIntakes(CamelContext context) throws InterruptedException {
        while (!context.isStopping()) {
            boolean all = true;
            for (Route r : context.getRoutes()) {
                String uri = r.getEndpoint().getEndpointUri();
                if (uri.contains("/webhooks/") && context.getRouteController().getRouteStatus(r.getRouteId())
                        != ServiceStatus.Started) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * A new subscription is validated by the vendor's PING, which our intake answers: wait for it a
     * few seconds (a handful of calls, the quota is small), then go on; the poll heals until then.
     */
    private void awaitDelivery(CamelContext context, Connector c, WebhookSubscriptions subscriptions, String callback)
            throws InterruptedException {
        waitingFor = c.title() + " webhook subscription validation";
        for (long wait : VALIDATION_WAITS) {
            Thread.sleep(wait);
            if (context.isStopping()) {
                return;
            }
            try {
                if (subscriptions.delivers(callback)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("{} webhook subscription state unknown: {}", c.title(), SecretMasker.mask(String.valueOf(e.getMessage())));
                return;
            }
        }
        LOG.warn("{} does not deliver to {} yet (not validated): the poll brings its changes until it does",
                c.title(), callback);
    }

    private void ensureSubscription(CamelContext context, Connector c) throws InterruptedException {
        Optional<WebhookSubscriptions> subscriptions = c.subscriptions(context);
        if (subscriptions.isEmpty()) {
            return;
        }
        String callback = subscriptions.get().configuredCallbackUrl();
        if (callback == null) {
            return;
        }
        waitingFor = c.title() + " webhook subscription for " + callback;
        long delay = FIRST_RETRY_MILLIS;
        boolean failed = false;
        while (!context.isStopping() && !context.isStopped()) {
            try {
                Map<String, Object> sub = subscriptions.get().ensure(callback);
                LOG.info("{} webhook subscription {} in place for {}", c.title(),
                        sub.getOrDefault("subscription_id", sub.getOrDefault("id", "")), callback);
                if (failed) {
                    ConnectorState.reportProblem(context, c.id(), null);
                }
                if (!subscriptions.get().delivers(sub)) {
                    awaitDelivery(context, c, subscriptions.get(), callback);
                }
                return;
            } catch (RuntimeException e) {
                String message = SecretMasker.mask(String.valueOf(e.getMessage()));
                LOG.warn("{} webhook subscription not made yet (retrying in {} s): {}", c.title(), delay / 1000,
                        message);
                failed = true;
                ConnectorState.reportProblem(context, c.id(), "webhook subscription not made: " + message);
                waitingFor = c.title() + " webhook subscription (" + message + ")";
                Thread.sleep(delay);
                delay = Math.min(delay * 2, MAX_RETRY_MILLIS);
            }
        }
    }
}
