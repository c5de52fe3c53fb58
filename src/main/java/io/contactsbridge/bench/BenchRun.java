package io.contactsbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;

/**
 * What a bench run shares between its sections: the options, a scratch directory, and one
 * in-process sandbox bridge on free ports with a throw-away store, started on first use.
 */
final class BenchRun implements AutoCloseable {
    /** HighLevel's real burst limit (requests per window). */
    static final int HIGHLEVEL_LIMIT = 100;

    final boolean quick;
    final long highLevelIntervalMs;
    final int threads;
    final Integer contacts;
    private final Path dir;
    private Bridge sandbox;

    BenchRun(boolean quick, long highLevelIntervalMs, int threads, Integer contacts) throws IOException {
        this.quick = quick;
        this.highLevelIntervalMs = highLevelIntervalMs;
        this.threads = threads;
        this.contacts = contacts;
        this.dir = Files.createTempDirectory("contacts-bridge-bench");
    }

    /** A scratch directory, deleted by nobody: the bench leaves its logs there for a look afterwards. */
    Path dir() {
        return dir;
    }

    /**
     * The in-process sandbox bridge. Polling and Toggl's subscription are off so that only what a
     * section does reaches the simulators; the HighLevel pacer starts from the real limit.
     */
    Bridge sandbox() throws IOException {
        if (sandbox == null) {
            sandbox = Bridge.start(Bridge.Mode.SANDBOX, sandboxSettings(dir.resolve("in-process")));
        }
        return sandbox;
    }

    Map<String, String> sandboxSettings(Path store) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        // real free ports: the sandbox points the connectors at http://localhost:<HTTP_PORT>/sandbox/...
        settings.put(Bridge.HTTP_PORT, String.valueOf(freePort()));
        settings.put(Bridge.MANAGEMENT_PORT, String.valueOf(freePort()));
        settings.put(Bridge.BIND_HOST, "127.0.0.1");
        settings.put("bridge.db.url", "jdbc:h2:file:" + store.resolve("bridge").toAbsolutePath());
        settings.put("bridge.poll.enabled", "false");
        settings.put("toggl.subscribe-on-start", "false");
        settings.put("highlevel.rate.max", String.valueOf(HIGHLEVEL_LIMIT));
        settings.put("highlevel.rate.interval-ms", String.valueOf(highLevelIntervalMs));
        return settings;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
