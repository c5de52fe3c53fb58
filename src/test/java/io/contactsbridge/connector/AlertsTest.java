package io.contactsbridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class AlertsTest {

    @Test
    void anIncidentIsRaisedOnceAndResolvedOnce() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Alerts alerts = Alerts.of(context);
            assertThat(Alerts.of(context)).isSameAs(alerts);
            assertThat(alerts.raise("focus.integration.7", "toggl-focus", "calendar integration broken")).isTrue();
            assertThat(alerts.raise("focus.integration.7", "toggl-focus", "still broken")).isFalse();
            assertThat(alerts.open()).singleElement().satisfies(i -> assertThat(i.summary()).isEqualTo("calendar integration broken"));
            assertThat(alerts.resolve("focus.integration.7", "healed")).isTrue();
            assertThat(alerts.resolve("focus.integration.7", "healed")).isFalse();
            assertThat(alerts.open()).isEmpty();
        }
    }
}
