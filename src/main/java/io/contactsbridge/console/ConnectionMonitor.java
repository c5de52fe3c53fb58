package io.contactsbridge.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiHealth;
import io.contactsbridge.connector.http.ApiProfile;
import io.contactsbridge.connector.http.QuotaLevel;
import io.contactsbridge.console.ConnectionView.Check;
import io.contactsbridge.console.ConnectionView.State;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.Watermarks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/**
 * Tells, for every connector, whether its connection is OK, degraded or failing and why, from what
 * the bridge already knows without spending the vendor's quota: the connector's state (disabled,
 * re-authorisation needed), how its API answered lately ({@link ApiHealth}), its last poll, its
 * quota, and the last connection check ({@link #checkAll}, run by the button and in the background).
 * Names no connector: everything comes through the connector contract and the kit.
 */
final class ConnectionMonitor {
    /** Several failures in a row (after the operation routes' own retries) mean failing, not a blip. */
    static final int FAILING_IN_A_ROW = 3;
    private final CamelContext context;
    private final List<Connector> connectors;
    private final ConsoleSettings settings;
    private final Clock clock;
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
    private volatile List<ConnectionView> last = List.of();

    ConnectionMonitor(CamelContext context, List<Connector> connectors, ConsoleSettings settings, Clock clock) {
        this.context = context;
        this.connectors = List.copyOf(connectors);
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs every enabled connector's connection check (one or two requests each) and remembers the outcome. */
    Map<String, Check> checkAll() {
        Map<String, Check> results = new java.util.LinkedHashMap<>();
        for (Connector c : connectors) {
            ConnectorState state = states().get(c.id());
            if (state == null || !state.enabled()) {
                continue;
            }
            CheckResult r;
            try {
                r = c.check(context);
            } catch (RuntimeException e) {
                r = CheckResult.failed(String.valueOf(e.getMessage()));
            }
            Check check = new Check(r.ok(), SecretMasker.mask(r.message()), clock.instant());
            checks.put(c.id(), check);
            results.put(c.id(), check);
        }
        return results;
    }

    /** The views as last computed by {@link #views()} (gauges, alert rules between refreshes). */
    List<ConnectionView> lastViews() {
        return last;
    }

    /** Every connector's view, now. */
    List<ConnectionView> views() {
        Map<String, Watermarks.State> polls = new java.util.HashMap<>();
        Watermarks watermarks = context.getRegistry().lookupByNameAndType(SyncCore.WATERMARKS_BEAN, Watermarks.class);
        if (watermarks != null) {
            watermarks.all().forEach(w -> polls.put(w.source(), w));
        }
        List<ConnectionView> views = new ArrayList<>();
        Map<String, ConnectorState> states = states();
        for (Connector c : connectors) {
            ConnectorState state = states.get(c.id());
            if (state != null) {
                views.add(view(c, state, polls));
            }
        }
        last = List.copyOf(views);
        return last;
    }

    /** Since when a connector has been failing without a break, or null. */
    Instant failingSince(String connectorId) {
        return failingSince.get(connectorId);
    }

    private ConnectionView view(Connector c, ConnectorState state, Map<String, Watermarks.State> polls) {
        ApiClient client = context.getRegistry().lookupByNameAndType(ApiProfile.clientBean(c.id()), ApiClient.class);
        List<QuotaLevel> quota = client == null ? List.of() : client.profile().quota().levels();
        Watermarks.State poll = polls.entrySet().stream()
                .filter(e -> e.getKey().equals(c.id()) || e.getKey().startsWith(c.id() + "."))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Check check = checks.get(c.id());
        Verdict v = verdict(c, state, client, poll, quota, check);
        if (v.state == State.FAILING) {
            failingSince.putIfAbsent(c.id(), clock.instant());
        } else {
            failingSince.remove(c.id());
        }
        Map<String, Object> details;
        try {
            details = state.enabled() ? c.status(context) : Map.of();
        } catch (RuntimeException e) {
            details = Map.of("error", String.valueOf(e.getMessage()));
        }
        return new ConnectionView(c.id(), c.title(), v.state, v.reason, v.todo,
                client == null ? null : client.profile().tokens().mode(), lastWebhook(c.id()),
                poll == null ? null : poll.lastSuccessAt(), poll == null ? null : poll.lastError(),
                poll == null ? null : watermarkTime(poll), quota,
                client == null ? null : client.profile().tokens().expiresAt().orElse(null),
                client == null ? null : client.profile().tokens().refreshTokenExpiresAt().orElse(null), check, details);
    }

    private record Verdict(State state, String reason, String todo) {
    }

    private Verdict verdict(Connector c, ConnectorState state, ApiClient client, Watermarks.State poll,
                            List<QuotaLevel> quota, Check check) {
        if (!state.enabled()) {
            return new Verdict(State.DISABLED, state.reason(), "set " + String.join(", ",
                    state.missingSettings().stream().map(Settings::describe).toList()) + " to enable it");
        }
        String credentials = c.secretKeys().isEmpty() ? "its credentials"
                : String.join(", ", c.secretKeys().stream().map(Settings::describe).toList());
        if (state.problem() != null) {
            return new Verdict(State.FAILING, SecretMasker.mask(state.problem()),
                    "authorise " + c.title() + " again, set " + credentials + ", then restart the bridge");
        }
        ApiHealth health = client == null ? null : client.health();
        ApiHealth.Failure failure = health == null ? null : health.lastFailure();
        Instant lastSuccess = health == null ? null : health.lastSuccess();
        boolean failureIsLatest = failure != null && (lastSuccess == null || failure.at().isAfter(lastSuccess));
        if (check != null && !check.ok() && (lastSuccess == null || check.at().isAfter(lastSuccess))) {
            return new Verdict(State.FAILING, "connection check failed: " + check.message(),
                    failureIsLatest && failure.credentials() ? "check " + credentials + " (rejected by " + c.title() + ")"
                            : "see the reason; press Check connections again once it is fixed");
        }
        if (failureIsLatest) {
            String reason = "last call " + failure.operationId() + ": " + failure.message();
            if (failure.credentials()) {
                return new Verdict(State.FAILING, reason, "check " + credentials + " (rejected by " + c.title() + ")");
            }
            if (failure.quota()) {
                return new Verdict(State.DEGRADED, reason, "quota spent or rate limited: calls wait and resume by themselves");
            }
            return new Verdict(health.failuresInARow() >= FAILING_IN_A_ROW ? State.FAILING : State.DEGRADED, reason,
                    c.title() + " is failing or unreachable: events wait in the inbox and are retried; check its status page");
        }
        if (poll != null && poll.lastError() != null) {
            return new Verdict(State.DEGRADED, "last poll failed: " + poll.lastError(),
                    "the watermark is kept; the next poll tries again (POST /api/sync-now to try now)");
        }
        for (QuotaLevel q : quota) {
            double left = q.fractionLeft();
            if (left >= 0 && left * 100 < settings.quotaBelowPercent()) {
                return new Verdict(State.DEGRADED, "quota " + q.window() + ": " + q.remaining() + " of " + q.limit() + " left",
                        "calls are paced to the quota; fewer flows or a larger plan help");
            }
        }
        return new Verdict(State.OK, check != null && check.ok() ? check.message() : "no problem seen", "");
    }

    /** The time a watermark stands for: an ISO instant or epoch (s or ms) when it is one, else when it was saved. */
    static Instant watermarkTime(Watermarks.State poll) {
        String w = poll.watermark();
        if (w != null) {
            try {
                return Instant.parse(w.trim());
            } catch (DateTimeParseException e) {
                if (w.trim().matches("\\d{9,13}")) {
                    long n = Long.parseLong(w.trim());
                    return n > 99_999_999_999L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
                }
            }
        }
        return poll.updatedAt();
    }

    private Instant lastWebhook(String source) {
        MeterRegistry meters = ConsoleMetrics.registry(context);
        Gauge g = meters == null ? null : meters.find("bridge.webhook.last.accepted").tag("source", source).gauge();
        return g == null || g.value() <= 0 ? null : Instant.ofEpochMilli((long) (g.value() * 1000));
    }

    @SuppressWarnings("unchecked")
    private Map<String, ConnectorState> states() {
        Map<String, ConnectorState> states = context.getRegistry().lookupByNameAndType(KitBeans.CONNECTOR_STATES, Map.class);
        return states == null ? Map.of() : states;
    }

    Duration checkInterval() {
        return settings.checkInterval();
    }
}
