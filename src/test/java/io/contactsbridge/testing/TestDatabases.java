package io.contactsbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL that runs at 127.0.0.1:5432 (trust auth, user postgres, database test). Each
 * caller gets a fresh schema so tests (and developers' parallel runs) never see each other's rows.
 * With CI=true an unreachable PostgreSQL fails the test instead of skipping it.
 */
public final class TestDatabases {
    public static final String PG_BASE = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    /** A JDBC URL for a new, empty schema on the test PostgreSQL. */
    public static String freshPostgresSchema() {
        String schema = "cb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at " + PG_BASE + " is required in CI but unreachable: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL at " + PG_BASE + " unreachable: " + e.getMessage());
        }
        return PG_BASE + "?currentSchema=" + schema;
    }
}
