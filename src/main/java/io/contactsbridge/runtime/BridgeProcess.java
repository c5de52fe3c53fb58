package io.contactsbridge.runtime;

import java.util.Map;

import io.contactsbridge.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a bridge as the process's main job: one-line errors for bad configuration, and a graceful
 * stop with exit code 0 on SIGTERM or Ctrl-C once in-flight work has drained.
 */
public final class BridgeProcess {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeProcess.class);
    /** Exit code for configuration errors (picocli uses 2 for usage errors). */
    public static final int CONFIG_ERROR = 3;

    private BridgeProcess() {
    }

    public static int run(Bridge.Mode mode, Map<String, String> overrides) {
        Bridge bridge;
        try {
            bridge = Bridge.start(mode, overrides);
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + io.contactsbridge.ops.SecretMasker.mask(e.getMessage()));
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            System.err.println("contacts-bridge: " + io.contactsbridge.ops.SecretMasker.mask(e.getMessage()));
            return 1;
        }
        // Without our own handlers the JVM would end with 143/130 after the shutdown hooks;
        // a requested stop is a normal end, so drain and exit 0.
        Runnable stop = () -> new Thread(() -> {
            LOG.info("stop requested: draining in-flight work");
            bridge.close();
        }, "bridge-stop").start();
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        try {
            bridge.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.close();
        }
        LOG.info("Contacts Bridge stopped");
        return 0;
    }
}
