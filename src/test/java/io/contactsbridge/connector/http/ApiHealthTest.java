package io.contactsbridge.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.contactsbridge.testing.MovableClock;
import org.junit.jupiter.api.Test;

class ApiHealthTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final ApiHealth health = new ApiHealth(clock);

    @Test
    void failuresInARowEndWithAnAnswerAndOldFailuresLeaveTheWindow() {
        health.failed(500, "get-contact", "server error");
        health.failed(0, "get-contact", "no answer: connect timed out");
        assertThat(health.failuresInARow()).isEqualTo(2);
        assertThat(health.lastFailure().status()).isZero();
        assertThat(health.lastFailure().credentials()).isFalse();
        clock.advance(Duration.ofMinutes(10));
        health.failed(401, "get-contact", "unauthorized");
        assertThat(health.lastFailure().credentials()).isTrue();
        assertThat(health.failuresWithin(Duration.ofMinutes(5))).isEqualTo(1);
        health.answered(200);
        assertThat(health.failuresInARow()).isZero();
        assertThat(health.lastSuccess()).isEqualTo(clock.instant());
    }

    @Test
    void onlyAnswersAboutTheConnectionCount() {
        assertThat(ApiHealth.connectionProblem(404)).isFalse();
        assertThat(ApiHealth.connectionProblem(422)).isFalse();
        assertThat(ApiHealth.connectionProblem(200)).isFalse();
        assertThat(ApiHealth.connectionProblem(401)).isTrue();
        assertThat(ApiHealth.connectionProblem(402)).isTrue();
        assertThat(ApiHealth.connectionProblem(429)).isTrue();
        assertThat(ApiHealth.connectionProblem(503)).isTrue();
        assertThat(ApiHealth.connectionProblem(0)).isTrue();
        assertThat(new ApiHealth.Failure(Instant.EPOCH, 429, "x", "m").quota()).isTrue();
    }
}
