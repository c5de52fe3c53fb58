package io.contactsbridge.sandbox;

import java.util.List;

/**
 * Every simulator the sandbox serves. Kept for the callers that still use it; simulators are found
 * with {@link java.util.ServiceLoader} ({@link SimulatorRegistry#discover()}), never listed by hand.
 */
public final class Simulators {
    private Simulators() {
    }

    /** A new instance of every simulator (see {@link SimulatorRegistry#discover()}). */
    public static List<Simulator> all() {
        return SimulatorRegistry.discover();
    }
}
