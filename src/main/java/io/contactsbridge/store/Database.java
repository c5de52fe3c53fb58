package io.contactsbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The bridge's one JDBC store: an embedded H2 file by default, PostgreSQL when
 * {@code BRIDGE_DB_URL} says so. The same Flyway migrations run on both.
 */
public final class Database implements AutoCloseable {
    public static final String URL = "bridge.db.url";
    public static final String USER = "bridge.db.user";
    public static final String PASSWORD = "bridge.db.password";
    public static final String POOL_SIZE = "bridge.db.pool-size";

    public enum Kind { H2, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final Kind kind;

    private Database(HikariDataSource dataSource, Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    /** Opens the pool and migrates the schema; every failure names the setting to look at. */
    public static Database open(Settings settings) {
        String url = settings.require(URL);
        Kind kind = kindOf(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridge-db");
        config.setJdbcUrl(kind == Kind.H2 ? withH2Defaults(url) : url);
        config.setUsername(settings.get(USER, kind == Kind.H2 ? "sa" : "postgres"));
        config.setPassword(settings.get(PASSWORD, ""));
        config.setMaximumPoolSize(settings.getInt(POOL_SIZE, 10, 1, 200));
        config.setConnectionTimeout(10_000);
        // fail here with our own message rather than lazily inside the first route
        config.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            ds.close();
            throw new ConfigException("cannot connect to " + Settings.describe(URL) + " " + redact(url) + ": "
                    + firstLine(e.getMessage()), e);
        }
        Database db = new Database(ds, kind);
        db.migrate();
        return db;
    }

    public static Kind kindOf(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return Kind.H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Kind.POSTGRESQL;
        }
        throw new ConfigException(Settings.describe(URL) + " must be a jdbc:h2:... or jdbc:postgresql:... URL, not '"
                + redact(url) + "'");
    }

    /**
     * H2 runs in PostgreSQL compatibility mode so the same SQL works on both, and keeps the
     * file open between connections (a closed pool must not drop the database).
     */
    public static String withH2Defaults(String url) {
        String u = url;
        if (!u.toUpperCase(Locale.ROOT).contains(";MODE=")) {
            u += ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        if (u.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:") && !u.toUpperCase(Locale.ROOT).contains("DB_CLOSE_DELAY")) {
            u += ";DB_CLOSE_DELAY=-1";
        }
        return u;
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new QuartzTablesMigration())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new ConfigException("schema migration failed on " + Settings.describe(URL) + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Records this process in {@code bridge_instance} (one row per replica, refreshed at every
     * start) so operators can see which processes share the store.
     */
    public void registerInstance(String instanceId, String version) {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        try (Connection c = dataSource.getConnection()) {
            try (var up = c.prepareStatement(
                    "UPDATE bridge_instance SET host_name = ?, version = ?, started_at = ?, last_seen_at = ? WHERE instance_id = ?")) {
                up.setString(1, host);
                up.setString(2, version);
                up.setTimestamp(3, now);
                up.setTimestamp(4, now);
                up.setString(5, instanceId);
                if (up.executeUpdate() > 0) {
                    return;
                }
            }
            try (var in = c.prepareStatement(
                    "INSERT INTO bridge_instance (instance_id, host_name, version, started_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")) {
                in.setString(1, instanceId);
                in.setString(2, host);
                in.setString(3, version);
                in.setTimestamp(4, now);
                in.setTimestamp(5, now);
                in.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record this instance in the state store: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A JDBC URL may carry a password (user:password@ or password=...); never print it. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****").replaceAll("//([^/:@]+):[^@/]*@", "//$1:****@");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
