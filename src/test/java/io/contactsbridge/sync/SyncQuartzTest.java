package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The Quartz schedule drives the poll cycle from the JDBC job store in our database. */
class SyncQuartzTest extends SyncCoreTestBase {

    @Override
    String dbUrl() {
        return null;
    }

    @Override
    Map<String, String> extraSettings() {
        return Map.of("bridge.poll.cron", "0/2 * * * * ?");
    }

    @Test
    void quartzFiresTheCycleFromTheJdbcJobStore() throws Exception {
        SyncPollingTest.FakePoller poller = new SyncPollingTest.FakePoller();
        bridge.context().getRegistry().bind("sourcePoller-test", poller);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> poller.polls.get() >= 2);
        try (Connection c = bridge.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT cron_expression FROM qrtz_cron_triggers")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("0/2 * * * * ?");
        }
    }
}
