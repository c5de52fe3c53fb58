package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** On PostgreSQL the job store is clustered: the scheduler checks in to the shared state table. */
class SyncQuartzPostgresTest extends SyncQuartzTest {
    @Override
    String dbUrl() {
        return TestDatabases.freshPostgresSchema();
    }

    @Test
    void theSchedulerIsClustered() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM qrtz_scheduler_state")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        });
    }
}
