package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.LoggedAlerts;
import io.contactsbridge.testing.FakeHub;
import io.contactsbridge.testing.MovableClock;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The alert rules raise an incident once, only after its grace time, and resolve it when it heals. */
class AlertRulesTest {
    final List<String> channel = new ArrayList<>();

    @Test
    void aConnectionFailingForTheConfiguredMinutesIsOneIncidentUntilItHeals() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            FakeHub hub = new FakeHub(new RouteBuilder() {
                @Override
                public void configure() {
                }
            });
            Map<String, ConnectorState> states = new LinkedHashMap<>();
            states.put(hub.id(), new ConnectorState(hub.id(), hub.title(), true, List.of(), null));
            context.getRegistry().bind(KitBeans.CONNECTOR_STATES, states);
            context.getRegistry().bind(Alerts.BEAN, Alerts.class, new LoggedAlerts() {
                @Override
                protected void opened(Incident incident) {
                    channel.add("open " + incident.key() + ": " + incident.summary());
                }

                @Override
                protected void resolved(Incident incident, String summary) {
                    channel.add("resolved " + incident.key() + ": " + summary);
                }
            });
            ConsoleSettings settings = ConsoleSettings.from(new Settings(key -> key.equals(ConsoleSettings.FAILING_MINUTES)
                    ? Optional.of("5") : Optional.empty()));
            ConnectionMonitor monitor = new ConnectionMonitor(context, List.of(hub), settings, clock);
            AlertRules rules = new AlertRules(context, monitor, settings, new ConsoleMetrics(), clock);

            rules.evaluate();
            assertThat(channel).isEmpty();
            states.put(hub.id(), states.get(hub.id()).withProblem("re-authorisation: the refresh token was refused"));
            rules.evaluate();
            clock.advance(Duration.ofMinutes(4));
            rules.evaluate();
            assertThat(channel).as("not before the grace time").isEmpty();
            assertThat(monitor.lastViews().get(0).state()).isEqualTo(ConnectionView.State.FAILING);
            clock.advance(Duration.ofMinutes(1));
            rules.evaluate();
            clock.advance(Duration.ofMinutes(10));
            rules.evaluate();
            rules.evaluate();
            assertThat(channel).singleElement().satisfies(s -> assertThat(s).startsWith("open connection." + hub.id())
                    .contains("failing for 5 min").contains("refresh token was refused").contains("To do: authorise"));
            states.put(hub.id(), new ConnectorState(hub.id(), hub.title(), true, List.of(), null));
            rules.evaluate();
            rules.evaluate();
            assertThat(channel).hasSize(2);
            assertThat(channel.get(1)).startsWith("resolved connection." + hub.id()).contains("OK again");
            assertThat(Alerts.of(context).open()).isEmpty();
        }
    }
}
