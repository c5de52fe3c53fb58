package io.contactsbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;

/**
 * What a bench run shares between its sections: the options, a scratch directory, one in-process
 * sandbox bridge and one sandbox bridge process, each on free ports with a throw-away store and
 * started on first use.
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
    private BridgeProcess process;

    BenchRun(boolean quick, long highLevelIntervalMs, int threads, Integer contacts) throws IOException {
        this.quick = quick;
        this.highLevelIntervalMs = highLevelIntervalMs;
        this.threads = threads;
        this.contacts = contacts;
        // BRIDGE_BENCH_DIR: where the run's directory goes (the test suite's log check reads it)
        String base = System.getenv().getOrDefault("BRIDGE_BENCH_DIR", "");
        this.dir = base.isBlank() ? Files.createTempDirectory("contacts-bridge-bench")
                : Files.createTempDirectory(Files.createDirectories(Path.of(base)), "contacts-bridge-bench");
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

    /** The sandbox bridge run from the packaged jar as its own process, and when it became ready. */
    record BridgeProcess(BenchChild child, int httpPort, int managementPort, Path store, double readySeconds) {
        URI http(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }
    }

    /**
     * {@code java -jar contacts-bridge.jar --sandbox}, as the README runs it, in the working
     * directory (so the flows of {@code routes/} load), on free ports with a throw-away H2 store;
     * started on first use and shared, so the footprint section sees it fresh and the intake
     * section after it.
     */
    BridgeProcess bridgeProcess() throws Exception {
        if (process == null) {
            Path store = dir.resolve("process");
            process = startBridge("bridge-process", "jdbc:h2:file:" + store.resolve("bridge").toAbsolutePath(), store);
        }
        return process;
    }

    /** Another sandbox bridge process of the jar, on the store {@code dbUrl}; the caller stops it. */
    BridgeProcess startBridge(String name, String dbUrl, Path store) throws Exception {
        int http = freePort();
        int management = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("MANAGEMENT_PORT", String.valueOf(management));
        env.put("BRIDGE_BIND_HOST", "127.0.0.1");
        env.put("BRIDGE_DB_URL", dbUrl);
        if (dbUrl.startsWith("jdbc:postgresql:")) {
            env.put("BRIDGE_DB_USER", "postgres");
        }
        BenchChild child = BenchChild.start(Path.of("").toAbsolutePath(), dir.resolve(name + ".log"), env, "--sandbox");
        try {
            double ready = child.awaitOk(URI.create("http://127.0.0.1:" + management + "/observe/health/ready"),
                    "GET", Duration.ofSeconds(120));
            return new BridgeProcess(child, http, management, store, ready);
        } catch (Exception e) {
            child.close();
            throw e;
        }
    }

    /** Stops the bridge process (SIGTERM) so its store can be read; the next use starts a fresh one. */
    void stopBridgeProcess() throws InterruptedException {
        if (process != null) {
            try {
                process.child().stop(Duration.ofSeconds(60));
            } finally {
                process.child().close();
                process = null;
            }
        }
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
        // TimeTonic has no webhooks: its own polls would add HighLevel traffic to every figure
        settings.put("timetonic.poll-on-start", "false");
        settings.put("timetonic.poll-interval-seconds", "0");
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
        if (process != null) {
            process.child().close();
            process = null;
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
