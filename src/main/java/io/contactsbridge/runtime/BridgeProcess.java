package io.contactsbridge.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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

    /** Values of {@code LOG_FORMAT} that logback.xml has an appender for. */
    static final Set<String> LOG_FORMATS = Set.of("text", "json");

    public static int run(Bridge.Mode mode, Map<String, String> overrides) {
        String logFormat = System.getenv().getOrDefault("LOG_FORMAT", "");
        if (!logFormat.isBlank() && !LOG_FORMATS.contains(logFormat)) {
            // logback would find no appender and the bridge would run without a single log line
            System.err.println("contacts-bridge: configuration error: LOG_FORMAT must be text or json, not '"
                    + logFormat + "'");
            return CONFIG_ERROR;
        }
        // Handlers go in before the start: a SIGTERM while Camel starts (health may already answer)
        // is a normal stop too, carried out as soon as the bridge is up.
        AtomicReference<Bridge> running = new AtomicReference<>();
        AtomicBoolean stopRequested = new AtomicBoolean();
        Runnable stop = () -> {
            stopRequested.set(true);
            Bridge b = running.get();
            if (b != null) {
                stopInBackground(b);
            }
        };
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        Bridge bridge;
        try {
            bridge = Bridge.start(mode, overrides);
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + io.contactsbridge.config.SecretMasker.mask(e.getMessage()));
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            System.err.println("contacts-bridge: " + io.contactsbridge.config.SecretMasker.mask(e.getMessage()));
            return 1;
        }
        running.set(bridge);
        if (stopRequested.get()) {
            stopInBackground(bridge);
        }
        try {
            bridge.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.close();
        }
        LOG.info("Contacts Bridge stopped");
        return 0;
    }

    private static void stopInBackground(Bridge bridge) {
        new Thread(() -> {
            LOG.info("stop requested: draining in-flight work");
            bridge.close();
        }, "bridge-stop").start();
    }
}
