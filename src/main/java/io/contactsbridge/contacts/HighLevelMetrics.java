package io.contactsbridge.contacts;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * Micrometer meters of the HighLevel client: a timer per operation and status (its count is the
 * request count), and gauges of the quota left per location. Tags hold only operation ids,
 * statuses and location ids, never a token.
 */
final class HighLevelMetrics {
    static final String REQUESTS = "contacts.bridge.highlevel.requests";
    static final String QUOTA = "contacts.bridge.highlevel.quota.remaining";

    private final CamelContext context;
    private final QuotaPacer pacer;
    private final Set<String> gaugedLocations = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    HighLevelMetrics(CamelContext context, QuotaPacer pacer) {
        this.context = context;
        this.pacer = pacer;
    }

    void record(String operationId, String status, long nanos) {
        Timer.builder(REQUESTS)
                .description("HighLevel Contacts API requests")
                .tag("operation", operationId)
                .tag("status", status)
                .register(registry())
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void gaugeQuota(String location) {
        if (!gaugedLocations.add(location)) {
            return;
        }
        MeterRegistry r = registry();
        Gauge.builder(QUOTA, pacer, p -> p.remaining(location).orElse(-1))
                .description("HighLevel requests left in the current interval (-1: not known yet)")
                .tag("location", location).tag("window", "interval").register(r);
        Gauge.builder(QUOTA, pacer, p -> p.dailyRemaining(location).orElse(-1))
                .description("HighLevel requests left today (-1: not known yet)")
                .tag("location", location).tag("window", "daily").register(r);
    }

    /** Camel Main binds its Prometheus registry when metrics are on; the command line has none. */
    MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = context.getRegistry().findSingleByType(MeterRegistry.class);
                    if (r == null) {
                        r = new SimpleMeterRegistry();
                    }
                    registry = r;
                }
            }
        }
        return r;
    }
}
