package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.SyncAudit;
import org.junit.jupiter.api.Test;

class SyncChartTest {

    @Test
    void theLastHoursDecisionsAreCountedBySeriesAndDrawnAsStackedBars() throws Exception {
        Path dir = Files.createTempDirectory("chart");
        Settings settings = new Settings(key -> key.equals("bridge.db.url")
                ? Optional.of("jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath()) : Optional.empty());
        try (Database db = Database.open(settings)) {
            SyncAudit audit = new SyncAudit(db.dataSource());
            String[] outcomes = {SyncAudit.WRITTEN, SyncAudit.WRITTEN, SyncAudit.LWW_SOURCE_WON, SyncAudit.SKIPPED_UNCHANGED,
                SyncAudit.SKIPPED_ECHO, SyncAudit.LWW_TARGET_WON, SyncAudit.SKIPPED_NO_FLOW, SyncAudit.FAILED};
            for (int i = 0; i < outcomes.length; i++) {
                CanonicalChange c = new CanonicalChange("test", CanonicalChange.Entity.of("client"),
                        CanonicalChange.Action.UPDATED, "c" + i, Map.of(), Instant.now(), "event-" + (i % 4));
                audit.record("flow", c, "op", "t" + i, null, null, outcomes[i], null, null);
            }
            SyncChart chart = new SyncChart(audit, Instant.now().plusSeconds(1));
            assertThat(chart.totals()).containsEntry("written", 3L).containsEntry("unchanged", 1L).containsEntry("echo", 1L)
                    .containsEntry("lww", 1L).containsEntry("other", 1L).containsEntry("failed", 1L);
            assertThat(chart.eventsPerMinute()).isEqualTo(4 / 5.0);
            String svg = chart.svg();
            assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("<title>written: 3</title>")
                    .contains("<title>failed: 1</title>");
            assertThat(svg.split("<rect", -1)).hasSize(7); // six series in the last bar, none elsewhere
            assertThat(new SyncChart(audit, Instant.now().plusSeconds(7200)).totals().values()).containsOnly(0L);
        }
    }
}
