package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll's content hashes count only once the watermark carrying their generation was saved (after
 * the changes were stored in the inbox): a crash in between re-reads the changes instead of losing them.
 */
class HubstaffRecordHashesTest {
    HubstaffRecordHashes hashes;

    @BeforeEach
    void database() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        String sql = Files.readString(Path.of("src/main/resources/db/migration/V14_1__hubstaff_state.sql"));
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
        hashes = new HubstaffRecordHashes(ds);
    }

    @Test
    void aPendingHashCountsOnceItsGenerationIsTheWatermarks() {
        assertThat(hashes.confirmed("client", 0)).isEmpty();
        hashes.pending("client", "1", "aaa", 1);
        // the watermark still says 0 (the cycle's changes may not be stored): the change is read again
        assertThat(hashes.confirmed("client", 0)).isEmpty();
        hashes.pending("client", "1", "aaa", 1);
        // the watermark reached 1: the hash counts, and a quiet cycle finds the record unchanged
        assertThat(hashes.confirmed("client", 1)).containsEntry("1", "aaa");
        hashes.pending("client", "1", "bbb", 2);
        assertThat(hashes.confirmed("client", 1)).as("a crash before the watermark moved").containsEntry("1", "aaa");
        hashes.pending("client", "1", "bbb", 2);
        assertThat(hashes.confirmed("client", 2)).containsEntry("1", "bbb");
        assertThat(hashes.confirmed("project", 2)).isEmpty();
    }
}
