package io.contactsbridge.sandbox;

import java.util.Map;

import io.contactsbridge.sandbox.Faults.Knob;

/**
 * The values of {@link Faults}' knobs. Never changed once {@link Faults} published it: a change edits a
 * copy, which is then published whole, so a request reads one consistent set of knobs without a lock.
 */
final class FaultSettings implements Cloneable {
    double errorRate;
    int errorStatus; // 0: the simulator's default statuses
    double rateLimitRate;
    double timeoutRate;
    long timeoutMs = Faults.DEFAULT_TIMEOUT_MS;
    boolean timeoutsApply;
    double slowRate;
    long slowMs = Faults.DEFAULT_SLOW_MS;
    double applyThenFailRate;
    long latencyMs;
    int failNextStatus = 500;
    long seed;

    FaultSettings copy() {
        try {
            return (FaultSettings) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sets one knob from its JSON value (named {@code e.getKey()} in messages); FAIL_NEXT_COUNT is not a setting. */
    void set(Knob knob, Map.Entry<String, Object> e) {
        String name = e.getKey();
        switch (knob) {
            case ERROR_RATE -> errorRate = Knobs.fraction(name, Knobs.number(e).doubleValue());
            case ERROR_STATUS -> {
                int status = Knobs.number(e).intValue();
                errorStatus = status == 0 ? 0 : Knobs.errorStatus(name, status);
            }
            case RATE_LIMIT_RATE -> rateLimitRate = Knobs.fraction(name, Knobs.number(e).doubleValue());
            case TIMEOUT_RATE -> timeoutRate = Knobs.fraction(name, Knobs.number(e).doubleValue());
            case TIMEOUT_MS -> timeoutMs = Knobs.nonNegative(name, Knobs.number(e).longValue());
            case TIMEOUTS_APPLY -> timeoutsApply = Knobs.bool(e);
            case SLOW_RATE -> slowRate = Knobs.fraction(name, Knobs.number(e).doubleValue());
            case SLOW_MS -> slowMs = Knobs.nonNegative(name, Knobs.number(e).longValue());
            case APPLY_THEN_FAIL_RATE -> applyThenFailRate = Knobs.fraction(name, Knobs.number(e).doubleValue());
            case LATENCY_MS -> latencyMs = Knobs.nonNegative(name, Knobs.number(e).longValue());
            case FAIL_NEXT_STATUS -> failNextStatus = Knobs.errorStatus(name, Knobs.number(e).intValue());
            case SEED -> seed = Knobs.number(e).longValue();
            case FAIL_NEXT_COUNT, FAIL_AFTER_APPLYING_COUNT -> throw new IllegalStateException(knob + " is a counter, not a setting");
        }
    }

    Object value(Knob knob) {
        return switch (knob) {
            case ERROR_RATE -> errorRate;
            case ERROR_STATUS -> errorStatus;
            case RATE_LIMIT_RATE -> rateLimitRate;
            case TIMEOUT_RATE -> timeoutRate;
            case TIMEOUT_MS -> timeoutMs;
            case TIMEOUTS_APPLY -> timeoutsApply;
            case SLOW_RATE -> slowRate;
            case SLOW_MS -> slowMs;
            case APPLY_THEN_FAIL_RATE -> applyThenFailRate;
            case LATENCY_MS -> latencyMs;
            case FAIL_NEXT_STATUS -> failNextStatus;
            case SEED -> seed;
            case FAIL_NEXT_COUNT, FAIL_AFTER_APPLYING_COUNT -> throw new IllegalStateException(knob + " is a counter, not a setting");
        };
    }
}
