package io.contactsbridge.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * A minimal Camel context for the command line ({@code call}, {@code check}, {@code subscriptions}):
 * the same settings as the bridge, only the given operation routes, the state store only when asked
 * for; no HTTP server, no management port, no flows, no pollers.
 */
public final class ClientContext implements AutoCloseable {
    private final Main main;
    private volatile Database database;

    private ClientContext(Map<String, String> overrides, Function<Settings, List<RoutesBuilder>> routes,
                          Function<Settings, Boolean> needsDatabase) {
        main = new Main();
        main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true,"
                + "file:application.properties;optional=true");
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("camel.main.routes-reload-enabled", "false");
        fixed.put("camel.server.enabled", "false");
        fixed.put("camel.management.enabled", "false");
        fixed.put("camel.metrics.enabled", "false");
        fixed.put("camel.health.enabled", "false");
        fixed.put("camel.main.shutdown-timeout", "5");
        fixed.forEach(main::addOverrideProperty);
        overrides.forEach(main::addOverrideProperty);
        main.setShutdownStrategy(new org.apache.camel.main.SimpleMainShutdownStrategy());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                Settings settings = Settings.of(context);
                Bridge.registerSecrets(settings, Connectors.discover());
                if (Boolean.TRUE.equals(needsDatabase.apply(settings))) {
                    database = Database.open(settings);
                    context.getRegistry().bind(Bridge.DATABASE_BEAN, database);
                    context.getRegistry().bind(Bridge.DATA_SOURCE_BEAN, database.dataSource());
                    EncryptionWiring.bindCipher(context, settings, false);
                }
                routes.apply(settings).forEach(r -> support.configure().addRoutesBuilder(r));
            }
        });
    }

    /** Starts the context; configuration problems come out as {@link ConfigException}. */
    public static ClientContext start(Map<String, String> overrides, Function<Settings, List<RoutesBuilder>> routes,
                                      Function<Settings, Boolean> needsDatabase) {
        ClientContext c = new ClientContext(overrides, routes, needsDatabase);
        try {
            c.main.start();
        } catch (Exception e) {
            c.close();
            ConfigException config = Bridge.findConfigException(e);
            if (config != null) {
                throw config;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (c.main.getCamelContext() == null || !c.main.getCamelContext().isStarted()) {
            c.close();
            throw new IllegalStateException("could not start (see the log)");
        }
        return c;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // nothing left to do on the way out
        } finally {
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }
}
