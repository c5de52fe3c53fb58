package io.contactsbridge.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.console.Console;
import io.contactsbridge.console.ConsoleSettings;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.ops.DatabaseHealthCheck;
import io.contactsbridge.ops.PortGuard;
import io.contactsbridge.sandbox.SimulatorRegistry;
import io.contactsbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running bridge, the composition root: Camel Main with the state store, the connectors found
 * on the class path ({@link Connectors#discover()}) wired by {@link ConnectorWiring}, the sync core,
 * the YAML flows from {@code routes/}, and in sandbox mode the simulators. Used by the command line
 * and by tests (which start it in-process on free ports).
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    public enum Mode {
        /** Against the configured APIs. */
        RUN,
        /** Every connector wired to in-process simulators with demo data. */
        SANDBOX,
        /** Only the simulators (for tests and demos that need them in another process). */
        SIMULATE
    }

    public static final String HTTP_PORT = BridgeSettings.HTTP_PORT;
    public static final String MANAGEMENT_PORT = BridgeSettings.MANAGEMENT_PORT;
    public static final String BIND_HOST = BridgeSettings.BIND_HOST;
    public static final String ADMIN_TOKEN = BridgeSettings.ADMIN_TOKEN;
    /** The admin API token of sandbox mode (documented in the README), unless BRIDGE_ADMIN_TOKEN is set. */
    public static final String SANDBOX_ADMIN_TOKEN = "sandbox-admin-token";
    /** YAML flows, relative to the working directory (reloaded when edited). */
    public static final String FLOWS_DIR = "routes";
    /** Registry names other parts of the bridge look up. */
    public static final String DATABASE_BEAN = "bridgeDatabase";
    public static final String DATA_SOURCE_BEAN = KitBeans.DATA_SOURCE;
    public static final String SIMULATORS_BEAN = "simulators";

    private final Mode mode;
    private final Main main;
    private final SimulatorRegistry simulators;
    private final List<Connector> connectors;
    private final Map<String, ConnectorState> states = Collections.synchronizedMap(new LinkedHashMap<>());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Database database;
    private volatile StartSequence startSequence;

    private Bridge(Mode mode, Map<String, String> overrides, List<Connector> connectors, SimulatorRegistry simulators) {
        this.mode = mode;
        this.connectors = connectors;
        this.simulators = simulators;
        this.main = new Main();
        // application.properties in the jar holds the defaults; the one in the working directory wins
        main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true,"
                + "file:application.properties;optional=true");
        if (mode != Mode.RUN) {
            simulators.connectorSettings("http://localhost:{{" + HTTP_PORT + "}}").forEach(main::addOverrideProperty);
        }
        boolean flows = mode != Mode.SIMULATE && java.nio.file.Files.isDirectory(java.nio.file.Path.of(FLOWS_DIR));
        if (flows) {
            main.configure().withRoutesIncludePattern("file:" + FLOWS_DIR + "/*.yaml");
        } else {
            if (mode != Mode.SIMULATE) {
                // e.g. the jar started outside the project: run the Java routes only, and say so
                LOG.warn("no {}/ directory in {}: no YAML flows are loaded", FLOWS_DIR,
                        java.nio.file.Path.of("").toAbsolutePath());
            }
            main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        }
        if (mode != Mode.RUN) {
            // a sandbox is for one person's machine: nothing listens beyond it unless asked
            for (String[] host : new String[][] {{"BRIDGE_BIND_HOST", BIND_HOST}, {"MANAGEMENT_BIND_HOST", HttpEdges.MANAGEMENT_BIND_HOST}}) {
                if (System.getenv().getOrDefault(host[0], "").isBlank()) {
                    main.addOverrideProperty(host[1], "127.0.0.1");
                }
            }
        }
        if (mode == Mode.SANDBOX && System.getenv().getOrDefault("BRIDGE_ADMIN_TOKEN", "").isBlank()) {
            main.addOverrideProperty(ADMIN_TOKEN, SANDBOX_ADMIN_TOKEN);
        }
        overrides.forEach(main::addOverrideProperty);
        // the bridge handles SIGTERM/Ctrl-C itself (drain, then exit 0); Camel's hook would say "SIGTERM" on every exit
        main.setShutdownStrategy(new org.apache.camel.main.SimpleMainShutdownStrategy());
        main.addMainListener(new Wiring());
    }

    /**
     * Starts a bridge and returns once Camel has started. Configuration problems come out as
     * {@link ConfigException} with a one-line message.
     */
    public static Bridge start(Mode mode, Map<String, String> overrides) {
        return start(mode, overrides, Connectors.discover(), new SimulatorRegistry(
                mode == Mode.RUN ? List.of() : SimulatorRegistry.discover()));
    }

    public static Bridge start(Mode mode, Map<String, String> overrides, List<Connector> connectors,
                               SimulatorRegistry simulators) {
        Bridge bridge = new Bridge(mode, overrides, connectors, simulators);
        try {
            bridge.main.start();
        } catch (Exception e) {
            bridge.closeQuietly();
            ConfigException config = findConfigException(e);
            if (config != null) {
                throw config;
            }
            throw new IllegalStateException("the bridge could not start: " + e.getMessage(), e);
        }
        if (bridge.main.getCamelContext() == null || !bridge.main.getCamelContext().isStarted()) {
            bridge.closeQuietly();
            throw new IllegalStateException("the bridge could not start (see the log above)");
        }
        bridge.afterStart();
        return bridge;
    }

    private final class Wiring extends MainListenerSupport {
        @Override
        public void beforeConfigure(BaseMainSupport support) {
            CamelContext context = support.getCamelContext();
            Settings settings = Settings.of(context);
            registerSecrets(settings, connectors);
            String host = settings.get(BIND_HOST, "0.0.0.0");
            int httpPort = settings.getPort(HTTP_PORT);
            int managementPort = settings.getPort(MANAGEMENT_PORT);
            if (httpPort == managementPort && httpPort != 0) {
                throw new ConfigException(Settings.describe(HTTP_PORT) + " and " + Settings.describe(MANAGEMENT_PORT)
                        + " must differ (both are " + httpPort + ")");
            }
            PortGuard.requireFree(host, httpPort, HTTP_PORT);
            PortGuard.requireFree(HttpEdges.managementHost(settings), managementPort, MANAGEMENT_PORT);
            HttpEdges.configure(context, settings);

            List<RoutesBuilder> routes = new ArrayList<>();
            if (mode != Mode.RUN) {
                context.getRegistry().bind(SIMULATORS_BEAN, simulators);
                routes.add(simulators.routes());
            }
            if (mode != Mode.SIMULATE) {
                database = Database.open(settings);
                database.registerInstance(instanceId(), version());
                context.getRegistry().bind(DATABASE_BEAN, database);
                context.getRegistry().bind(DATA_SOURCE_BEAN, database.dataSource());
                EncryptionWiring.bindCipher(context, settings, mode != Mode.RUN);
                context.getRegistry().bind(KitBeans.CONNECTOR_STATES, states);
                ConnectorWiring wiring = ConnectorWiring.enable(connectors, settings, states);
                routes.addAll(wiring.routes());
                routes.addAll(io.contactsbridge.sync.SyncCore.routes(database, settings, wiring.hub().id()));
                routes.add(new StatusRoutes(wiring.enabled()));
                // readiness stays DOWN until webhooks are received, subscriptions made and the catch-up started
                startSequence = new StartSequence(wiring.enabled());
                HealthCheckHelper.getHealthCheckRegistry(context).register(startSequence);
                routes.addAll(Console.install(context, settings, connectors, mode == Mode.SANDBOX ? "sandbox" : null));
            }
            routes.forEach(r -> support.configure().addRoutesBuilder(r));
        }

        @Override
        public void afterStop(BaseMainSupport support) {
            closeDatabase();
            stopped.countDown();
        }
    }

    private void afterStart() {
        CamelContext context = main.getCamelContext();
        if (database != null) {
            HealthCheckHelper.getHealthCheckRegistry(context).register(new DatabaseHealthCheck(database.dataSource()));
        }
        if (mode == Mode.SANDBOX) {
            simulators.seedDemoData(); // quietly: the first poll picks the demo data up
            simulators.deliverWebhooksTo("http://localhost:" + Settings.of(context).require(HTTP_PORT));
        }
        announce(Settings.of(context));
        if (startSequence != null) {
            startSequence.begin(context); // after the demo data exist: the catch-up reads them
        }
    }

    /** Every configured value whose key names a secret is masked in all logs from here on. */
    static void registerSecrets(Settings settings, List<Connector> connectors) {
        List<String> keys = new ArrayList<>(BRIDGE_SECRET_KEYS);
        connectors.forEach(c -> keys.addAll(c.secretKeys()));
        for (String key : keys) {
            settings.get(key).ifPresent(SecretMasker::register);
        }
    }

    /** The bridge's own settings whose values are secrets; connectors declare theirs ({@link Connector#secretKeys()}). */
    static final List<String> BRIDGE_SECRET_KEYS = List.of(Database.PASSWORD, ADMIN_TOKEN, ConsoleSettings.WEBHOOK_URL,
            EncryptionWiring.KEY, EncryptionWiring.PREVIOUS_KEYS);

    private void announce(Settings settings) {
        String http = "http://localhost:" + settings.get(HTTP_PORT, "?");
        String mgmt = "http://localhost:" + settings.get(MANAGEMENT_PORT, "?");
        if (mode == Mode.RUN) {
            LOG.info("Contacts Bridge started: webhooks on {}/webhooks/..., health on {}/observe/health", http, mgmt);
            return;
        }
        String line = "*".repeat(78);
        LOG.warn(line);
        if (mode == Mode.SANDBOX) {
            LOG.warn("*** SANDBOX MODE: every external API is an in-process SIMULATOR with demo data.");
            LOG.warn("*** Nothing here touches a real account. Do not use this for production data.");
        } else {
            LOG.warn("*** SIMULATORS ONLY: serving fake external APIs; no sync runs in this process.");
        }
        for (String name : simulators.simulators().keySet()) {
            LOG.warn("***   {}{}{} (request log at .../_log)", http, SimulatorRegistry.ROOT, name);
        }
        LOG.warn("*** health: {}/observe/health/ready", mgmt);
        LOG.warn(line);
    }

    /** Host and process id: tells replicas (and restarts) apart in bridge_instance. */
    static String instanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public static String version() {
        String v = Bridge.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public Mode mode() {
        return mode;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Settings settings() {
        return Settings.of(context());
    }

    public SimulatorRegistry simulators() {
        return simulators;
    }

    public Database database() {
        return database;
    }

    /** True once the start sequence is through (what {@code /observe/health/ready} reports). */
    public boolean isReady() {
        return startSequence == null || startSequence.isReady();
    }

    public Map<String, ConnectorState> connectorStates() {
        return states;
    }

    /** Blocks until the bridge has stopped (for the command line). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Graceful stop: in-flight exchanges drain (camel.main.shutdown-timeout), then the store closes. */
    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping the bridge: {}", e.getMessage());
        } finally {
            closeDatabase();
            stopped.countDown();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing; the original error is what the user needs to see
        }
    }

    private synchronized void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    static ConfigException findConfigException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }
}
