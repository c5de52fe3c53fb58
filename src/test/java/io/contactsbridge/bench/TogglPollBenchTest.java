package io.contactsbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * The Toggl quota section: cycles counted in a sliding hour (never reset), one after a restart,
 * every create, update and delete checked in HighLevel; and its figures fail when a target is missed.
 */
class TogglPollBenchTest {

    @Test
    void fiveCyclesInTheSlidingHourWithARestartStayWithinTheFreePlan() throws Exception {
        TogglPollBench.Result r = TogglPollBench.run(TestBridge.tempDir(), TogglPollBench.MIN_CLIENTS, 100, 2000);
        r.cycles().forEach(c -> System.out.println("toggl-quota: " + c));
        assertThat(r.cycles()).hasSize(TogglPollBench.CYCLES);
        assertThat(r.cycles()).filteredOn(TogglPollBench.Cycle::afterRestart).hasSize(1);
        // every cycle changed every kind: updates, creates and two deletes, and all of it arrived
        assertThat(r.cycles()).allSatisfy(c -> {
            assertThat(c.changes()).isEqualTo(2 * 4 + 2 * 4 + 2);
            assertThat(c.pollCalls()).as("the poll reads something every cycle").isPositive();
            assertThat(c.missing()).as("cycle %d: changes missing in HighLevel", c.number()).isZero();
        });
        assertThat(r.deadLetters()).isZero();
        assertThat(r.refusals()).isZero();
        // the sliding hour saw at most four cycles' calls: never reset, so they add up
        assertThat(r.meCallsInHour()).isGreaterThanOrEqualTo(r.cycles().get(TogglPollBench.CYCLES - 1).pollCalls());
        assertThat(r.meCallsInHour()).isLessThanOrEqualTo(TogglPollBench.PLAN_QUOTA_PER_HOUR);
        assertThat(r.workspaceCallsInHour()).isLessThanOrEqualTo(TogglPollBench.PLAN_QUOTA_PER_HOUR);
        assertThat(TogglPollBench.figures(r)).filteredOn(f -> !f.met()).as("figures missing their target").isEmpty();
    }

    @Test
    void theFiguresFailWhenACycleCostsTooMuchOrSomethingIsMissing() {
        TogglPollBench.Cycle ok = new TogglPollBench.Cycle(1, false, 18, 4, 4, 16, 0, 0, 0);
        assertThat(TogglPollBench.figures(new TogglPollBench.Result(32, List.of(ok), 0))).allMatch(Figure::met);

        TogglPollBench.Cycle costly = new TogglPollBench.Cycle(2, true, 18, 9, 4, 31, 2, 1, 3);
        List<Figure> figures = TogglPollBench.figures(new TogglPollBench.Result(32, List.of(ok, costly), 1));
        assertThat(figures).filteredOn(f -> !f.met()).extracting(Figure::key).containsExactlyInAnyOrder(
                "toggl_calls_restart_cycle", "toggl_me_calls_per_hour", "toggl_quota_refusals", "toggl_poll_missing",
                "toggl_poll_dead_letters");
    }
}
