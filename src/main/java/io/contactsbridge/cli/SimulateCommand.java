package io.contactsbridge.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.runtime.BridgeProcess;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run only the simulators of the external APIs (under /sandbox/... on HTTP_PORT), "
                + "for tests and demos that need them in another process.")
public class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return BridgeProcess.run(Bridge.Mode.SIMULATE, Map.of());
    }
}
