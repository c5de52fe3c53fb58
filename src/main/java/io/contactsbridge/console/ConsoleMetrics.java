package io.contactsbridge.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.http.QuotaLevel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/**
 * The console's gauges on /observe/metrics, each backing an alert rule (README "Metrics"), read
 * from the snapshot the alert rules take every {@code bridge.alerts.interval-seconds} (a scrape
 * never queries the store):
 * {@code bridge_connection_state{connector}} (0 OK, 1 degraded, 2 failing, -1 disabled),
 * {@code bridge_quota_remaining_ratio{connector,window}}, {@code bridge_token_expires_seconds{connector,token}},
 * {@code bridge_watermark_lag_seconds{source}}, {@code bridge_dead_letters_open}, {@code bridge_alerts_open}.
 */
final class ConsoleMetrics {
    /** The name Camel's micrometer(-prometheus) service binds its registry under. */
    static final String CAMEL_REGISTRY_BEAN = "metricsRegistry";
    private final Map<String, Boolean> registered = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), 0, 0);

    /** What the gauges read: the connection views, each poll source's watermark time, open dead letters and alerts. */
    record Snapshot(List<ConnectionView> connections, Map<String, Instant> watermarks, int deadLetters, int openAlerts) {
    }

    static MeterRegistry registry(CamelContext context) {
        MeterRegistry r = context.getRegistry().lookupByNameAndType(CAMEL_REGISTRY_BEAN, MeterRegistry.class);
        return r != null ? r : context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    /** Takes the new snapshot and registers the gauges of anything seen for the first time. */
    void update(CamelContext context, Snapshot next) {
        snapshot = next;
        MeterRegistry meters = registry(context);
        if (meters == null) {
            return;
        }
        once(meters, "dead", "bridge.dead.letters.open", "open dead letters", s -> s.deadLetters(), new String[0]);
        once(meters, "alerts", "bridge.alerts.open", "open alert incidents (" + Alerts.BEAN + ")", s -> s.openAlerts(),
                new String[0]);
        for (ConnectionView c : next.connections()) {
            String id = c.id();
            once(meters, "state|" + id, "bridge.connection.state", "connection state: 0 OK, 1 degraded, 2 failing, -1 disabled",
                    s -> view(s, id) == null ? -1 : view(s, id).state().level(), new String[] {"connector", id});
            for (QuotaLevel q : c.quota()) {
                String window = q.window();
                once(meters, "quota|" + id + "|" + window, "bridge.quota.remaining.ratio",
                        "share of the quota window left (-1: not known yet)", s -> quota(s, id, window),
                        new String[] {"connector", id, "window", window});
            }
            if (c.tokenExpires() != null) {
                once(meters, "token|" + id, "bridge.token.expires.seconds", "seconds until the token expires",
                        s -> until(view(s, id) == null ? null : view(s, id).tokenExpires()),
                        new String[] {"connector", id, "token", "access"});
            }
            if (c.refreshTokenExpires() != null) {
                once(meters, "refresh|" + id, "bridge.token.expires.seconds", "seconds until the token expires",
                        s -> until(view(s, id) == null ? null : view(s, id).refreshTokenExpires()),
                        new String[] {"connector", id, "token", "refresh"});
            }
        }
        for (String source : next.watermarks().keySet()) {
            once(meters, "lag|" + source, "bridge.watermark.lag.seconds", "age of the source's poll watermark",
                    s -> {
                        Instant at = s.watermarks().get(source);
                        return at == null ? Double.NaN : (System.currentTimeMillis() - at.toEpochMilli()) / 1000.0;
                    }, new String[] {"source", source});
        }
    }

    private void once(MeterRegistry meters, String key, String name, String description, ToDoubleFunction<Snapshot> value,
                      String[] tags) {
        registered.computeIfAbsent(key, k -> {
            Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot)).description(description).tags(tags)
                    .register(meters);
            return true;
        });
    }

    private static ConnectionView view(Snapshot s, String id) {
        return s.connections().stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    private static double quota(Snapshot s, String id, String window) {
        ConnectionView v = view(s, id);
        if (v == null) {
            return -1;
        }
        return v.quota().stream().filter(q -> Objects.equals(q.window(), window)).mapToDouble(QuotaLevel::fractionLeft)
                .findFirst().orElse(-1);
    }

    private static double until(Instant at) {
        return at == null ? Double.NaN : (at.toEpochMilli() - System.currentTimeMillis()) / 1000.0;
    }
}
