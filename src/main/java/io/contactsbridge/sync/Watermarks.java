package io.contactsbridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Each source's poll position, and the one-cycle-at-a-time lease shared by all replicas. */
public class Watermarks {
    public record State(String source, String watermark, Instant updatedAt, Instant lastSuccessAt, String lastError,
                        int lastChanges) {
    }

    private final Jdbc jdbc;

    public Watermarks(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public String get(String source) {
        return jdbc.first("SELECT watermark FROM sync_watermark WHERE source = ?", rs -> rs.getString(1), source);
    }

    public List<State> all() {
        return jdbc.query("SELECT * FROM sync_watermark ORDER BY source", rs -> new State(rs.getString("source"),
                rs.getString("watermark"), Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "last_success_at"),
                rs.getString("last_error"), rs.getInt("last_changes")));
    }

    /** Called only after the polled changes are stored in the inbox. */
    public void advance(String source, String watermark, int changes) {
        Instant now = Instant.now();
        if (jdbc.update("UPDATE sync_watermark SET watermark = ?, updated_at = ?, last_success_at = ?, last_error = NULL, "
                + "last_changes = ? WHERE source = ?", watermark, now, now, changes, source) == 0) {
            jdbc.update("INSERT INTO sync_watermark (source, watermark, updated_at, last_success_at, last_changes) "
                    + "VALUES (?, ?, ?, ?, ?)", source, watermark, now, now, changes);
        }
    }

    public void failed(String source, String error) {
        Instant now = Instant.now();
        String e = SyncAudit.truncate(error == null ? "unknown error" : error, 1000);
        if (jdbc.update("UPDATE sync_watermark SET last_error = ?, updated_at = ? WHERE source = ?", e, now, source) == 0) {
            jdbc.update("INSERT INTO sync_watermark (source, watermark, updated_at, last_error, last_changes) "
                    + "VALUES (?, NULL, ?, ?, 0)", source, now, e);
        }
    }

    /** Takes the poll-cycle lease; false when another cycle (here or on another replica) holds it. */
    public boolean tryLockCycle(String holder, Duration lease) {
        Instant now = Instant.now();
        return jdbc.update("UPDATE sync_cycle_lock SET holder = ?, held_until = ? WHERE id = 1 "
                + "AND (held_until IS NULL OR held_until < ?)", holder, now.plus(lease), now) == 1;
    }

    public void unlockCycle(String holder) {
        jdbc.update("UPDATE sync_cycle_lock SET holder = NULL, held_until = NULL WHERE id = 1 AND holder = ?", holder);
    }

    public Map<String, Instant> lastSuccess() {
        Map<String, Instant> out = new LinkedHashMap<>();
        all().forEach(s -> out.put(s.source(), s.lastSuccessAt()));
        return out;
    }
}
