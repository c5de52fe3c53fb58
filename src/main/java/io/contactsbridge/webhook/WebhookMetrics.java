package io.contactsbridge.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.CamelContext;

/**
 * Webhook intake counters, per source, in the bridge's Micrometer registry (the one Camel's
 * metrics service binds as {@code metricsRegistry} and serves at /observe/metrics):
 * <ul>
 *   <li>{@code bridge_webhook_accepted_total{source}}: events stored in the inbox (ignored types included)</li>
 *   <li>{@code bridge_webhook_ignored_total{source}}: of those, events of a type no flow syncs</li>
 *   <li>{@code bridge_webhook_duplicate_total{source}}: repeated event ids, not stored again (answered
 *       as the source expects: 409 for HighLevel, 200 for Toggl, which would otherwise retry)</li>
 *   <li>{@code bridge_webhook_skipped_total{source,reason}}: valid events acknowledged but not for this
 *       bridge (HighLevel: {@code other_location}), not stored</li>
 *   <li>{@code bridge_webhook_rejected_total{source,reason}}: every other refusal, by reason</li>
 *   <li>{@code bridge_webhook_last_accepted_seconds{source}}: when the last event was stored (epoch
 *       seconds): the status page's "last webhook"</li>
 * </ul>
 */
public final class WebhookMetrics {
    public static final String ACCEPTED = "bridge.webhook.accepted";
    public static final String IGNORED = "bridge.webhook.ignored";
    public static final String DUPLICATE = "bridge.webhook.duplicate";
    public static final String REJECTED = "bridge.webhook.rejected";
    public static final String SKIPPED = "bridge.webhook.skipped";
    public static final String LAST_ACCEPTED = "bridge.webhook.last.accepted";
    /** The name Camel's micrometer(-prometheus) service binds its registry under. */
    static final String CAMEL_REGISTRY_BEAN = "metricsRegistry";

    private final CamelContext context;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAccepted = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public WebhookMetrics(CamelContext context) {
        this.context = context;
    }

    public void accepted(String source) {
        counter(ACCEPTED, source, null).increment();
        lastAccepted.computeIfAbsent(source, s -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder(LAST_ACCEPTED, at, a -> a.get() / 1000.0).tag("source", s).baseUnit("seconds")
                    .description("when the last webhook event was stored (epoch seconds)").register(registry());
            return at;
        }).set(System.currentTimeMillis());
    }

    public void ignored(String source) {
        counter(IGNORED, source, null).increment();
    }

    public void duplicate(String source) {
        counter(DUPLICATE, source, null).increment();
    }

    public void skipped(String source, String reason) {
        counter(SKIPPED, source, reason).increment();
    }

    public void rejected(String source, String reason) {
        counter(REJECTED, source, reason).increment();
    }

    private Counter counter(String name, String source, String reason) {
        String key = name + '|' + source + '|' + reason;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tag("source", source);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(registry());
        });
    }

    /**
     * Looked up on first use, not at construction: Camel's metrics service creates its registry
     * while the context starts, after the routes are configured.
     */
    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = context.getRegistry().lookupByNameAndType(CAMEL_REGISTRY_BEAN, MeterRegistry.class);
            if (r == null) {
                r = context.getRegistry().findSingleByType(MeterRegistry.class);
            }
            if (r == null) {
                r = Metrics.globalRegistry; // metrics disabled: count anyway, nobody scrapes them
            }
            registry = r;
        }
        return r;
    }
}
