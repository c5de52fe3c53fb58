package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.contactsbridge.testing.MovableClock;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final ConsoleSessions sessions = new ConsoleSessions("the-admin-token", Duration.ofHours(12), clock);

    @Test
    void aSessionIsSignedCarriesACsrfTokenAndNeverTheAdminToken() {
        String value = sessions.create();
        assertThat(value).doesNotContain("the-admin-token");
        ConsoleSessions.Session s = sessions.verify(value).orElseThrow();
        assertThat(s.csrf()).isNotBlank().isEqualTo(sessions.verify(value).orElseThrow().csrf())
                .isNotEqualTo(sessions.verify(sessions.create()).orElseThrow().csrf());
        assertThat(s.expires()).isEqualTo(Instant.parse("2026-12-07T22:00:00Z"));
    }

    @Test
    void tamperedExpiredOrSignedWithAnotherTokenIsRefused() {
        String value = sessions.create();
        String[] parts = value.split("\\.");
        assertThat(sessions.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2] + "." + parts[3])).isEmpty();
        assertThat(sessions.verify(value + "x")).isEmpty();
        assertThat(sessions.verify("garbage")).isEmpty();
        assertThat(sessions.verify(null)).isEmpty();
        assertThat(new ConsoleSessions("another-token", Duration.ofHours(12), clock).verify(value)).isEmpty();
        clock.advance(Duration.ofHours(12));
        assertThat(sessions.verify(value)).isEmpty();
    }

    @Test
    void withoutAnAdminTokenTheConsoleIsClosed() {
        ConsoleSessions closed = new ConsoleSessions("", Duration.ofHours(1), clock);
        assertThat(closed.open()).isFalse();
        assertThat(closed.tokenMatches("")).isFalse();
        assertThat(closed.verify("v1.1.2.3")).isEmpty();
        assertThat(sessions.tokenMatches("the-admin-token")).isTrue();
        assertThat(sessions.tokenMatches(" the-admin-token ")).isTrue();
        assertThat(sessions.tokenMatches("the-admin-toke")).isFalse();
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrict() {
        assertThat(ConsoleSessions.setCookie("v", 60, false)).contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("Secure");
        assertThat(ConsoleSessions.setCookie("v", 60, true)).endsWith("; Secure");
        assertThat(ConsoleSessions.cookie("a=b; cb_console=xyz; c=d")).isEqualTo("xyz");
        assertThat(ConsoleSessions.cookie("a=b")).isNull();
    }
}
