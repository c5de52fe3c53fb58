package io.contactsbridge.connector.http;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * Micrometer meters of one connector's API calls: a timer {@code contacts.bridge.<connector>.requests}
 * per operation and status (its count is the request count; status {@code io} for no answer), and the
 * quota gate's gauges. Tags hold operation ids and statuses only, never a credential.
 */
final class ApiMetrics {
    /** The name Camel's micrometer(-prometheus) service binds the registry it serves under. */
    static final String CAMEL_REGISTRY_BEAN = "metricsRegistry";

    private final CamelContext context;
    private final String name;
    private final String description;
    private final QuotaGate quota;
    private volatile MeterRegistry registry;

    ApiMetrics(CamelContext context, ApiProfile profile) {
        this.context = context;
        this.name = "contacts.bridge." + profile.connector() + ".requests";
        this.description = profile.title() + " API requests";
        this.quota = profile.quota();
    }

    void record(String operationId, String status, long nanos) {
        Timer.builder(name).description(description).tag("operation", operationId).tag("status", status)
                .register(registry()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Camel Main binds its Prometheus registry when metrics are on (looked up by name first: another
     * registry bean would make a lookup by type find none); the command line has none.
     */
    MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = context.getRegistry().lookupByNameAndType(CAMEL_REGISTRY_BEAN, MeterRegistry.class);
                    if (r == null) {
                        r = context.getRegistry().findSingleByType(MeterRegistry.class);
                    }
                    if (r == null) {
                        r = new SimpleMeterRegistry();
                    }
                    quota.bindMetrics(r);
                    registry = r;
                }
            }
        }
        return r;
    }
}
