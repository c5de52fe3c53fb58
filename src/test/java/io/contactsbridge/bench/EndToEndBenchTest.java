package io.contactsbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** Signed Toggl webhooks over HTTP become HighLevel contacts, each well within a second. */
class EndToEndBenchTest {

    @Test
    void aTogglWebhookBecomesAContactWithinASecond() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.enabled", "false")
                .with("toggl.subscribe-on-start", "false")
                .with("highlevel.rate.max", "100").with("highlevel.rate.interval-ms", "2000").start()) {
            EndToEndBench.Result r = EndToEndBench.run(bridge, 10, 100, 2000);
            System.out.println("e2e: " + r);
            assertThat(r.samples()).isEqualTo(10);
            assertThat(r.p50Millis()).isPositive().isLessThanOrEqualTo(r.p99Millis()).isLessThan(1000);
            // of 10 samples the p99 is the slowest one, which a loaded CI machine can push past the
            // target; the bench command checks the p99 target on 30 or 200 samples
            assertThat(r.p99Millis()).isEqualTo(r.maxMillis());
        }
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(EndToEndBench.percentile(sorted, 50)).isEqualTo(5);
        assertThat(EndToEndBench.percentile(sorted, 99)).isEqualTo(10);
        assertThat(EndToEndBench.percentile(new double[] {42}, 99)).isEqualTo(42);
    }
}
