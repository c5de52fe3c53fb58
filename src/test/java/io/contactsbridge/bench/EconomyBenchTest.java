package io.contactsbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/** Write economy on a small data set: the targets hold, and the counts show the flows really ran. */
class EconomyBenchTest {

    @Test
    void reSyncOfUnchangedDataWritesNothingAndChangesCostAtMostTwoCallsEach() throws Exception {
        try (Bridge bridge = TestBridge.sandbox().with("bridge.poll.enabled", "false")
                .with("toggl.subscribe-on-start", "false")
                .with("highlevel.rate.max", "100").with("highlevel.rate.interval-ms", "2000").start()) {
            EconomyBench.Result r = EconomyBench.run(bridge, 12, 2, 2, 8, 100, 2000);
            System.out.println("economy: " + r);
            assertThat(r.missing()).isZero();
            assertThat(r.missingChanges()).isZero();
            assertThat(r.deadLetters()).isZero();
            // the re-sync re-read every record (so each went through its flow) and wrote nothing
            assertThat(r.resyncChanges()).isGreaterThanOrEqualTo(r.records());
            assertThat(r.resyncCalls()).isPositive();
            assertThat(r.unchangedWrites()).isZero();
            assertThat(r.changed()).isEqualTo(8 * 4 + 2);
            // every changed record costs at least its own write
            assertThat(r.changedCalls()).isGreaterThanOrEqualTo(r.changed());
            assertThat(r.callsPerChangedRecord()).isLessThanOrEqualTo(2.0);
        }
    }
}
