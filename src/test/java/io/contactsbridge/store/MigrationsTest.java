package io.contactsbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The same Flyway migrations run on the embedded H2 file and on PostgreSQL. */
class MigrationsTest {

    private static Settings settings(String url) {
        Map<String, String> values = Map.of(Database.URL, url);
        return new Settings(key -> java.util.Optional.ofNullable(values.get(key)));
    }

    @Test
    void migratesH2File() throws Exception {
        String url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("bridge").toAbsolutePath();
        try (Database db = Database.open(settings(url))) {
            assertThat(db.kind()).isEqualTo(Database.Kind.H2);
            assertSchema(db);
        }
        // a second start on the same file finds the schema current and keeps the data
        try (Database db = Database.open(settings(url))) {
            assertSchema(db);
        }
    }

    @Test
    void migratesPostgres() throws Exception {
        try (Database db = Database.open(settings(TestDatabases.freshPostgresSchema()))) {
            assertThat(db.kind()).isEqualTo(Database.Kind.POSTGRESQL);
            assertSchema(db);
        }
    }

    @Test
    void refusesUnknownDatabaseUrlNamingTheSetting() {
        assertThatThrownBy(() -> Database.open(settings("jdbc:mysql://localhost/x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRIDGE_DB_URL")
                .hasMessageContaining("jdbc:mysql://localhost/x");
    }

    @Test
    void unreachableDatabaseIsAOneLineErrorWithoutThePassword() {
        assertThatThrownBy(() -> Database.open(settings("jdbc:postgresql://127.0.0.1:1/x?password=hunter2secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRIDGE_DB_URL")
                .hasMessageNotContaining("hunter2secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertSchema(Database db) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        assertThat(tables).contains("flyway_schema_history", "bridge_instance", "inbox",
                "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks", "qrtz_fired_triggers");
        // the inbox's unique key is its idempotency key on both databases
        Inbox inbox = new Inbox(db.dataSource());
        String id = "evt-" + System.nanoTime();
        assertThat(inbox.store("test", id, "test:contact:1", Inbox.KIND_WEBHOOK, "{}")).isEqualTo(Inbox.Stored.STORED);
        assertThat(inbox.store("test", id, "test:contact:1", Inbox.KIND_WEBHOOK, "{}")).isEqualTo(Inbox.Stored.DUPLICATE);
        assertThat(inbox.contains("test", id)).isTrue();
        db.registerInstance("test-instance", "dev");
        db.registerInstance("test-instance", "dev");
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM bridge_instance WHERE instance_id = 'test-instance'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
