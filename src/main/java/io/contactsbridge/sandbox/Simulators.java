package io.contactsbridge.sandbox;

import java.util.List;

import io.contactsbridge.sandbox.toggl.TogglSimulator;

/** Every simulator the sandbox serves; each connector's simulator is added here. */
public final class Simulators {
    private Simulators() {
    }

    public static List<Simulator> all() {
        return List.of(new io.contactsbridge.sandbox.highlevel.HighLevelSimulator(), new TogglSimulator());
    }
}
