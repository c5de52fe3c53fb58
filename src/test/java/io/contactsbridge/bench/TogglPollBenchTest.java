package io.contactsbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** One poll cycle with every Toggl kind changed stays within four Toggl calls, and loses nothing. */
class TogglPollBenchTest {

    @Test
    void aCycleWithEveryKindChangedCostsAtMostFourTogglCalls() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.enabled", "false")
                .with("toggl.subscribe-on-start", "false")
                .with("highlevel.rate.max", "100").with("highlevel.rate.interval-ms", "2000").start()) {
            TogglPollBench.Result r = TogglPollBench.run(bridge, 6, 100, 2000);
            System.out.println("toggl-quota: " + r);
            assertThat(r.changes()).isEqualTo(3 * 4 + 3 * 4 + 2);
            // the four reads happened (one per kind), and applying the changes asked Toggl nothing more
            assertThat(r.pollCalls()).isEqualTo(4);
            assertThat(r.calls()).isLessThanOrEqualTo(4);
            assertThat(r.missing()).isZero();
            assertThat(r.deadLetters()).isZero();
        }
    }
}
