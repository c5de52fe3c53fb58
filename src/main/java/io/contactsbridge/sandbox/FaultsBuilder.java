package io.contactsbridge.sandbox;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.sandbox.Faults.Knob;

/**
 * Which of {@link Faults}' knobs a simulator offers on its {@code _faults} endpoint, under which names
 * (so each keeps the names its clients know), and which statuses its error faults answer.
 */
public final class FaultsBuilder {
    private int[] errorStatuses = {500, 502, 503};
    private final Map<String, Knob> names = new LinkedHashMap<>();
    private final EnumMap<Knob, String> renamed = new EnumMap<>(Knob.class);
    private final Set<String> counted = new LinkedHashSet<>(List.of(Faults.ERROR, Faults.RATE_LIMIT, Faults.TIMEOUT,
            Faults.SLOW, Faults.APPLY_THEN_FAIL, Faults.FAIL_NEXT));

    FaultsBuilder() {
    }

    /** The statuses an error fault answers (one picked per fault when there are several; default 500/502/503). */
    public FaultsBuilder errorStatuses(int... statuses) {
        if (statuses.length == 0) {
            throw new IllegalArgumentException("at least one error status");
        }
        Arrays.stream(statuses).forEach(s -> Knobs.errorStatus("errorStatuses", s));
        this.errorStatuses = statuses.clone();
        return this;
    }

    /** Offers {@code knob} under another name; call before {@link #knobs}. */
    public FaultsBuilder rename(Knob knob, String name) {
        renamed.put(knob, name);
        return this;
    }

    /** Offers these knobs, in this order, in {@code toMap()} and {@code apply()} (default: all of them). */
    public FaultsBuilder knobs(Knob... knobs) {
        for (Knob k : knobs) {
            names.put(renamed.getOrDefault(k, k.canonical), k);
        }
        return this;
    }

    /** The kinds {@link Faults#injected()} always lists, zero or not (other kinds appear once counted). */
    public FaultsBuilder counted(String... kinds) {
        counted.clear();
        counted.addAll(Arrays.asList(kinds));
        return this;
    }

    public Faults build() {
        if (names.isEmpty()) {
            knobs(Knob.values());
        }
        return new Faults(errorStatuses, names, List.copyOf(counted));
    }
}
