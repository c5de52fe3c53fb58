package io.contactsbridge.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.http.QuotaLevel;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.Watermarks;
import org.apache.camel.CamelContext;

/**
 * The configured alert rules, evaluated every {@code bridge.alerts.interval-seconds}: a connection
 * failing for {@code failing-minutes}, more than {@code dead-letters-above} open dead letters, a
 * quota window below {@code quota-below-percent}, a refresh token ending within
 * {@code refresh-token-days}. Each incident is raised once on the alert channel and resolved when
 * the condition is gone, so a lasting problem is one message, not a storm. Also refreshes the
 * console's gauges.
 */
final class AlertRules {
    static final String DEAD_LETTERS_KEY = "dead-letters";
    private final CamelContext context;
    private final ConnectionMonitor monitor;
    private final ConsoleSettings settings;
    private final ConsoleMetrics metrics;
    private final Clock clock;

    AlertRules(CamelContext context, ConnectionMonitor monitor, ConsoleSettings settings, ConsoleMetrics metrics, Clock clock) {
        this.context = context;
        this.monitor = monitor;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    void evaluate() {
        Alerts alerts = Alerts.of(context);
        Instant now = clock.instant();
        List<ConnectionView> views = monitor.views();
        for (ConnectionView v : views) {
            connection(alerts, v, now);
            quota(alerts, v);
            refreshToken(alerts, v, now);
        }
        DeadLetters deadLetters = context.getRegistry().lookupByNameAndType(SyncCore.DEAD_LETTERS_BEAN, DeadLetters.class);
        int open = deadLetters == null ? 0 : deadLetters.openCount();
        if (open > settings.deadLettersAbove()) {
            alerts.raise(DEAD_LETTERS_KEY, null, open + " dead letter(s) waiting (alert above "
                    + settings.deadLettersAbove() + "): replay or drop them on the status page");
        } else {
            alerts.resolve(DEAD_LETTERS_KEY, "dead letters back to " + open);
        }
        Map<String, Instant> watermarks = new LinkedHashMap<>();
        Watermarks w = context.getRegistry().lookupByNameAndType(SyncCore.WATERMARKS_BEAN, Watermarks.class);
        if (w != null) {
            w.all().forEach(s -> watermarks.put(s.source(), ConnectionMonitor.watermarkTime(s)));
        }
        metrics.update(context, new ConsoleMetrics.Snapshot(views, watermarks, open, alerts.open().size()));
    }

    private void connection(Alerts alerts, ConnectionView v, Instant now) {
        String key = "connection." + v.id();
        Instant since = monitor.failingSince(v.id());
        if (since != null && !since.plus(settings.failingFor()).isAfter(now)) {
            alerts.raise(key, v.id(), v.title() + " connection failing for " + minutes(Duration.between(since, now))
                    + ": " + v.reason() + (v.todo().isEmpty() ? "" : ". To do: " + v.todo()));
        } else if (since == null) {
            alerts.resolve(key, v.title() + " connection is " + v.state().label + " again");
        }
    }

    private void quota(Alerts alerts, ConnectionView v) {
        for (QuotaLevel q : v.quota()) {
            String key = "quota." + v.id() + "." + q.window().replace(' ', '-');
            double left = q.fractionLeft();
            if (left >= 0 && left * 100 < settings.quotaBelowPercent()) {
                alerts.raise(key, v.id(), v.title() + " quota " + q.window() + " below " + settings.quotaBelowPercent()
                        + "%: " + q.remaining() + " of " + q.limit() + " left"
                        + (q.resetsAt() == null ? "" : ", resets at " + q.resetsAt()));
            } else if (left >= 0) {
                alerts.resolve(key, v.title() + " quota " + q.window() + " back to " + q.remaining() + " of " + q.limit());
            }
        }
    }

    private void refreshToken(Alerts alerts, ConnectionView v, Instant now) {
        String key = "refresh-token." + v.id();
        Instant ends = v.refreshTokenExpires();
        if (ends != null && ends.isBefore(now.plus(settings.tokenEndsWithin()))) {
            alerts.raise(key, v.id(), v.title() + " refresh token ends at " + ends
                    + ": the bridge rotates it when it calls " + v.title() + "; if it stays idle, authorise again");
        } else if (ends != null) {
            alerts.resolve(key, v.title() + " refresh token renewed (ends at " + ends + ")");
        }
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m < 1 ? d.toSeconds() + " s" : m + " min";
    }
}
