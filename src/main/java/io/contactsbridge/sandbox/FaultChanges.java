package io.contactsbridge.sandbox;

import java.util.Map;

import io.contactsbridge.sandbox.Faults.Knob;

/**
 * A change of {@link Faults}' knobs from JSON ({@code _faults}), checked whole before anything is
 * published: the settings are edited on a copy, the two counters (fail next, fail after applying)
 * are read aside, and {@link Faults#commit} publishes them together.
 */
final class FaultChanges {
    private FaultChanges() {
    }

    static Faults.Change prepare(Faults faults, FaultSettings current, Map<String, Knob> names, Map<String, Object> changes) {
        boolean reset = Boolean.TRUE.equals(changes.get("reset"));
        FaultSettings next = reset ? new FaultSettings() : current.copy();
        Integer failNext = reset ? Integer.valueOf(0) : null;
        Integer failAfterApplying = reset ? Integer.valueOf(0) : null;
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            Knob knob = names.get(e.getKey());
            if (knob == Knob.FAIL_NEXT_COUNT) {
                failNext = (int) Knobs.nonNegative(e.getKey(), Knobs.number(e).longValue());
            } else if (knob == Knob.FAIL_AFTER_APPLYING_COUNT) {
                failAfterApplying = (int) Knobs.nonNegative(e.getKey(), Knobs.number(e).longValue());
            } else if (knob != null) {
                next.set(knob, e);
            }
        }
        Integer count = failNext;
        Integer afterApplying = failAfterApplying;
        return () -> faults.commit(next, count, afterApplying, reset);
    }
}
