package io.contactsbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** The benchmark's measurement itself (its rate target is checked by the bench command, not here). */
class RateBudgetBenchTest {

    @Test
    void backfillStaysUnderTheLimitAndCountsFromTheSimulatorLog() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.enabled", "false")
                .with("toggl.subscribe-on-start", "false")
                .with("timetonic.poll-on-start", "false").with("timetonic.poll-interval-seconds", "0")
                .with("highlevel.rate.max", "20").with("highlevel.rate.interval-ms", "1000").start()) {
            RateBudgetBench.Result r = RateBudgetBench.run(bridge, 50, 20, 1000, 4);
            assertThat(r.failures()).isZero();
            assertThat(r.http429()).isZero();
            assertThat(r.requests()).isEqualTo(50);
            assertThat(r.allowedPerSecond()).isEqualTo(20.0);
            assertThat(r.ratio()).isPositive();
        }
    }
}
