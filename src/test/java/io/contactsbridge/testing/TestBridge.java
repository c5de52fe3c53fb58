package io.contactsbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.Simulator;
import io.contactsbridge.sandbox.SimulatorRegistry;

/**
 * Starts a real bridge in-process for a test: free ports, its own H2 file in a temp directory
 * (or a PostgreSQL schema, see {@link TestDatabases}), and any extra settings.
 */
public final class TestBridge {
    private final Map<String, String> settings = new HashMap<>();
    private Bridge.Mode mode = Bridge.Mode.SANDBOX;
    private List<Connector> connectors = Connectors.discover();
    private List<Simulator> simulators = SimulatorRegistry.discover();

    private TestBridge() {
        int http = freePort();
        int management = freePort();
        while (management == http) { // the system may hand out the port just closed again
            management = freePort();
        }
        settings.put(Bridge.HTTP_PORT, String.valueOf(http));
        settings.put(Bridge.MANAGEMENT_PORT, String.valueOf(management));
        settings.put(Bridge.BIND_HOST, "127.0.0.1");
        settings.put("bridge.db.url", "jdbc:h2:file:" + tempDir().resolve("bridge").toAbsolutePath());
        // --sandbox polls TimeTonic every few seconds (it has no webhooks); a test that wants that
        // turns it on, the others keep their inbox and request counts to themselves
        settings.put("timetonic.poll-on-start", "false");
        settings.put("timetonic.poll-interval-seconds", "0");
    }

    public static TestBridge sandbox() {
        return new TestBridge();
    }

    public static TestBridge of(Bridge.Mode mode) {
        TestBridge t = new TestBridge();
        t.mode = mode;
        return t;
    }

    public TestBridge with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public TestBridge with(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    public TestBridge connectors(List<Connector> list) {
        this.connectors = list;
        return this;
    }

    public TestBridge simulators(List<Simulator> list) {
        this.simulators = list;
        return this;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public Bridge start() {
        return Bridge.start(mode, settings, connectors, new SimulatorRegistry(mode == Bridge.Mode.RUN ? List.of() : simulators));
    }

    public static String httpUrl(Bridge bridge) {
        return "http://127.0.0.1:" + bridge.settings().require(Bridge.HTTP_PORT);
    }

    public static String managementUrl(Bridge bridge) {
        return "http://127.0.0.1:" + bridge.settings().require(Bridge.MANAGEMENT_PORT);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("contacts-bridge-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
