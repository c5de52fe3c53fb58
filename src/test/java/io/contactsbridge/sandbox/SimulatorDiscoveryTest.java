package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Simulators are found with ServiceLoader; every call makes new instances. */
class SimulatorDiscoveryTest {

    @Test
    void findsEverySimulatorWithItsConnector() {
        List<Simulator> found = SimulatorRegistry.discover();
        assertThat(found).extracting(Simulator::name).containsExactly("highlevel", "toggl", "hubstaff-account", "hubstaff", "toggl-focus", "timetonic");
        assertThat(found).extracting(Simulator::connector).containsExactly("highlevel", "toggl", "hubstaff", "hubstaff", "toggl-focus", "timetonic");
        assertThat(SimulatorRegistry.discover()).extracting(Simulator::name).containsExactly("highlevel", "toggl", "hubstaff-account", "hubstaff", "toggl-focus", "timetonic");
    }

    @Test
    void eachDiscoveryMakesFreshSimulators() {
        Simulator first = SimulatorRegistry.discover().get(0);
        Simulator second = SimulatorRegistry.discover().get(0);
        assertThat(first).isNotSameAs(second).hasSameClassAs(second);
    }
}
