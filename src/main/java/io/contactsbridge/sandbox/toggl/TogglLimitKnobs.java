package io.contactsbridge.sandbox.toggl;

import java.util.Map;

import io.contactsbridge.sandbox.ControlEndpoints;

/** {@code <root>/_limits}: GET the limits and usage, PUT/POST knobs, DELETE forgets the counted calls. */
final class TogglLimitKnobs implements ControlEndpoints.Knobs {
    private final TogglLimits limits;

    TogglLimitKnobs(TogglLimits limits) {
        this.limits = limits;
    }

    @Override
    public Map<String, Object> read() {
        return limits.describe();
    }

    @Override
    public void apply(Map<String, Object> changes) {
        try {
            limits.configure(changes);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("bad limit value: " + e.getMessage(), e);
        }
    }

    @Override
    public void reset() {
        limits.resetUsage();
    }
}
