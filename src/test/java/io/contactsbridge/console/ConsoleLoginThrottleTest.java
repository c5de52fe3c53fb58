package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.contactsbridge.config.Settings;
import io.contactsbridge.testing.MovableClock;
import org.junit.jupiter.api.Test;

class ConsoleLoginThrottleTest {

    @Test
    void tenFailedSignInsInAMinuteCloseTheFormForTheRestOfIt() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
        ConsoleSettings settings = ConsoleSettings.from(new Settings(key -> java.util.Optional.empty()));
        ConsoleRoutes routes = new ConsoleRoutes(settings, null, null, null, clock);
        for (int i = 0; i < ConsoleRoutes.FAILED_LOGINS_PER_MINUTE - 1; i++) {
            assertThat(routes.tooManyFailures(true)).isFalse();
        }
        assertThat(routes.tooManyFailures(true)).isTrue();
        assertThat(routes.tooManyFailures(false)).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(routes.tooManyFailures(false)).isFalse();
    }
}
