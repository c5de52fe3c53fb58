package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.Faults.Knob;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void failsTheNextRequestsWithTheStatusThenStops() {
        Faults f = Faults.builder().build().failNext(2, 503);
        assertThat(f.before()).isEqualTo(new Faults.Fault(Faults.FAIL_NEXT, 503));
        assertThat(f.before()).isEqualTo(new Faults.Fault(Faults.FAIL_NEXT, 503));
        assertThat(f.before()).isNull();
        assertThat(f.injected()).containsEntry(Faults.FAIL_NEXT, 2);
        assertThatThrownBy(() -> f.failNext(1, 200)).hasMessageContaining("failNextStatus");
    }

    @Test
    void seededRollsRepeatAndAreCountedByKind() {
        Faults f = Faults.builder().build();
        List<String> first = kinds(f.seed(42).errorRate(0.3).rateLimitRate(0.2), 200);
        Map<String, Integer> counts = f.injected();
        List<String> second = kinds(f.seed(42), 200);
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("ok", Faults.ERROR, Faults.RATE_LIMIT);
        assertThat(counts.get(Faults.ERROR)).isEqualTo(first.stream().filter(Faults.ERROR::equals).count());
        assertThat(counts.get(Faults.RATE_LIMIT)).isEqualTo(first.stream().filter(Faults.RATE_LIMIT::equals).count());
        assertThat(f.injected()).isEqualTo(counts); // the second seed cleared the counts, the same run counted again
    }

    private static List<String> kinds(Faults f, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Faults.Fault fault = f.before();
            out.add(fault == null ? "ok" : fault.kind());
        }
        return out;
    }

    @Test
    void errorsAnswerTheSimulatorsStatusesOrAFixedOne() {
        Faults mixed = Faults.builder().build().seed(7).errorRate(1.0);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            statuses.add(mixed.before().status());
        }
        assertThat(statuses).containsOnly(500, 502, 503).contains(500, 502, 503);
        Faults fixed = Faults.builder().errorStatuses(500).build().errorRate(1.0);
        assertThat(fixed.before().status()).isEqualTo(500);
        fixed.errorStatus(503);
        assertThat(fixed.before().status()).isEqualTo(503);
    }

    @Test
    void timeoutsHoldThenAnswer504OrRunWhenTheyApply() {
        Faults f = Faults.builder().build().timeoutRate(1.0).timeoutMs(150);
        long t0 = System.nanoTime();
        assertThat(f.before()).isEqualTo(new Faults.Fault(Faults.TIMEOUT, 504));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150);
        f.timeoutsApply(true).timeoutMs(10);
        assertThat(f.before()).isNull();
        assertThat(f.injected()).containsEntry(Faults.TIMEOUT, 2);
    }

    @Test
    void slowAnswersAndApplyThenFailAreRolledApart() {
        Faults f = Faults.builder().build().slowRate(1.0).slowMs(250).applyThenFailRate(1.0);
        assertThat(f.before()).isNull();
        assertThat(f.slowAnswerMs()).isEqualTo(250);
        assertThat(f.rollApplyThenFail()).isTrue();
        assertThat(f.injected()).containsEntry(Faults.SLOW, 1).containsEntry(Faults.APPLY_THEN_FAIL, 0);
    }

    @Test
    void offersTheChosenKnobsUnderTheirNames() {
        Faults toggl = Faults.builder().errorStatuses(500).rename(Knob.FAIL_NEXT_COUNT, "failNext")
                .knobs(Knob.ERROR_RATE, Knob.ERROR_STATUS, Knob.FAIL_NEXT_COUNT, Knob.FAIL_NEXT_STATUS)
                .counted(Faults.ERROR, Faults.RATE_LIMIT, Faults.SLOW).build();
        toggl.apply(Map.of("failNext", 2, "failNextStatus", 503));
        assertThat(toggl.toMap()).containsExactly(Map.entry("errorRate", 0.0), Map.entry("errorStatus", 500),
                Map.entry("failNext", 2), Map.entry("failNextStatus", 503),
                Map.entry("injected", Map.of(Faults.ERROR, 0, Faults.RATE_LIMIT, 0, Faults.SLOW, 0)));
        assertThatThrownBy(() -> toggl.apply(Map.of("timeoutRate", 0.5))).hasMessageContaining("unknown fault knob 'timeoutRate'");
    }

    @Test
    void aBadValueChangesNothing() {
        Faults f = Faults.builder().build().errorRate(0.1);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("latencyMs", 50);
        bad.put("errorRate", 2);
        assertThatThrownBy(() -> f.apply(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errorRate");
        assertThat(f.latencyMs()).isZero();
        assertThat(f.errorRate()).isEqualTo(0.1);
        assertThatThrownBy(() -> f.apply(Map.of("timeoutsApply", "yes"))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> f.apply(Map.of("failNextStatus", 99))).hasMessageContaining("400-599");
        f.apply(Map.of("reset", true, "latencyMs", 5));
        assertThat(f.errorRate()).isZero();
        assertThat(f.latencyMs()).isEqualTo(5);
    }
}
