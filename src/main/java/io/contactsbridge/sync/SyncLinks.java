package io.contactsbridge.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Identity links and the record of our own recent writes. Bound as {@code syncLinks} so flows can
 * look a linked record up, e.g. the contact of a Toggl client:
 * {@code ${bean:syncLinks?method=targetId('toggl','client',${body[client_id]})}}.
 */
public class SyncLinks {

    public record Link(long id, String system, String entity, String externalId, String targetSystem,
                       String targetEntity, String targetId, String targetParentId, String sourceHash,
                       Instant sourceUpdatedAt, String targetHash, Instant targetWrittenAt, Instant targetUpdatedAt) {

        /** True when someone else changed the target after our last write to it. */
        public boolean targetChangedSinceOurWrite() {
            return targetUpdatedAt != null && (targetWrittenAt == null || targetUpdatedAt.isAfter(targetWrittenAt));
        }
    }

    public record RecentWrite(String targetSystem, String targetEntity, String targetId, String operation,
                              String contentHash, String content, Instant writtenAt) {
    }

    private final Jdbc jdbc;
    private final String hub;

    /** @param hub the system every flow writes to by default (the hub connector's id) */
    public SyncLinks(DataSource dataSource, String hub) {
        this.jdbc = new Jdbc(dataSource);
        this.hub = hub;
    }

    /** The system every flow writes to by default. */
    public String hub() {
        return hub;
    }

    public Link find(String system, String entity, String externalId, String targetSystem, String targetEntity) {
        return jdbc.first("SELECT * FROM sync_link WHERE system = ? AND entity = ? AND external_id = ? "
                        + "AND target_system = ? AND target_entity = ?", SyncLinks::map,
                system, entity, externalId, targetSystem, targetEntity);
    }

    /** Every link whose target is this record (a HighLevel contact may be linked from several sources). */
    public List<Link> pointingTo(String targetSystem, String targetId) {
        return jdbc.query("SELECT * FROM sync_link WHERE target_system = ? AND target_id = ? ORDER BY id",
                SyncLinks::map, targetSystem, targetId);
    }

    /** The hub's contact linked to a source record, or null (for flows). */
    public String targetId(String system, String entity, String externalId) {
        return targetId(system, entity, externalId, "contact");
    }

    public String targetId(String system, String entity, String externalId, String targetEntity) {
        if (externalId == null || externalId.isBlank()) {
            return null;
        }
        Link link = find(system, entity, externalId, hub, targetEntity);
        return link == null ? null : link.targetId();
    }

    /** The link found by the hub's record it points to, in the other direction (for reverse flows). */
    public String externalId(String system, String entity, String targetId) {
        return jdbc.first("SELECT external_id FROM sync_link WHERE system = ? AND entity = ? AND target_system = ? "
                + "AND target_id = ? ORDER BY id", rs -> rs.getString(1), system, entity, hub, targetId);
    }

    /** Records a successful write: the link with both sides' hashes and times. */
    public void recordWrite(String system, String entity, String externalId, String targetSystem, String targetEntity,
                            String targetId, String targetParentId, String sourceHash, Instant sourceUpdatedAt,
                            String targetHash) {
        Instant now = Instant.now();
        int n = jdbc.update("UPDATE sync_link SET target_id = ?, target_parent_id = COALESCE(?, target_parent_id), "
                        + "source_hash = ?, source_updated_at = ?, source_seen_at = ?, target_hash = ?, "
                        + "target_written_at = ? WHERE system = ? AND entity = ? AND external_id = ? "
                        + "AND target_system = ? AND target_entity = ?",
                targetId, targetParentId, sourceHash, sourceUpdatedAt, now, targetHash, now,
                system, entity, externalId, targetSystem, targetEntity);
        if (n == 0) {
            try {
                jdbc.update("INSERT INTO sync_link (system, entity, external_id, target_system, target_entity, target_id, "
                                + "target_parent_id, source_hash, source_updated_at, source_seen_at, target_hash, "
                                + "target_written_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        system, entity, externalId, targetSystem, targetEntity, targetId, targetParentId, sourceHash,
                        sourceUpdatedAt, now, targetHash, now, now);
            } catch (Jdbc.SyncStoreException e) {
                if (!(e.getCause() instanceof java.sql.SQLException sql) || !Inbox.isUniqueViolation(sql)) {
                    throw e;
                }
                // a parallel writer inserted it first (another replica): update instead
                recordWrite(system, entity, externalId, targetSystem, targetEntity, targetId, targetParentId,
                        sourceHash, sourceUpdatedAt, targetHash);
            }
        }
    }

    /** The source record was seen unchanged. */
    public void touchSourceSeen(long linkId) {
        jdbc.update("UPDATE sync_link SET source_seen_at = ? WHERE id = ?", Instant.now(), linkId);
    }

    /**
     * Someone else changed a target record (a change from the target system that is not our echo):
     * the time is what last-write-wins compares the next source change with.
     */
    public int noteTargetChanged(String targetSystem, String targetId, Instant updatedAt) {
        Instant now = Instant.now();
        Instant at = updatedAt == null ? now : updatedAt;
        return jdbc.update("UPDATE sync_link SET target_seen_at = ?, target_updated_at = CASE WHEN target_updated_at IS NULL "
                        + "OR target_updated_at < ? THEN ? ELSE target_updated_at END WHERE target_system = ? AND target_id = ?",
                now, at, at, targetSystem, targetId);
    }

    /** Forget the links to a target record that no longer exists (the next source change re-creates or re-matches). */
    public int forgetTarget(String targetSystem, String targetId) {
        return jdbc.update("DELETE FROM sync_link WHERE target_system = ? AND target_id = ?", targetSystem, targetId);
    }

    public int forget(String system, String entity, String externalId, String targetSystem, String targetEntity) {
        return jdbc.update("DELETE FROM sync_link WHERE system = ? AND entity = ? AND external_id = ? "
                + "AND target_system = ? AND target_entity = ?", system, entity, externalId, targetSystem, targetEntity);
    }

    /**
     * The hub's records of {@code hubEntity} linked with records of {@code system}/{@code entity}, either
     * way round (contacts with a Toggl client): for polls that read what hangs off synced records.
     */
    public List<String> hubRecordsLinkedWith(String hubEntity, String system, String entity) {
        return jdbc.query("SELECT external_id AS hub_id FROM sync_link WHERE system = ? AND entity = ? AND target_system = ? "
                        + "AND target_entity = ? UNION SELECT target_id AS hub_id FROM sync_link WHERE system = ? AND entity = ? "
                        + "AND target_system = ? AND target_entity = ? AND target_id IS NOT NULL",
                rs -> rs.getString(1), hub, hubEntity, system, entity, system, entity, hub, hubEntity);
    }

    /**
     * Source records of {@code system}/{@code entity} linked to a target whose parent is this record
     * (the appointments whose note is on a contact): what a poll expects to read again under that parent.
     */
    public List<String> externalIdsWithTargetParent(String system, String entity, String targetParentId) {
        return jdbc.query("SELECT DISTINCT external_id FROM sync_link WHERE system = ? AND entity = ? AND target_parent_id = ?",
                rs -> rs.getString(1), system, entity, targetParentId);
    }

    public int count() {
        return jdbc.first("SELECT COUNT(*) FROM sync_link", rs -> rs.getInt(1));
    }

    // --- recent writes (echo suppression) ------------------------------------------------------

    public void recordRecentWrite(String targetSystem, String targetEntity, String targetId, String flow,
                                  String operation, Map<String, Object> content) {
        jdbc.update("INSERT INTO recent_write (target_system, target_entity, target_id, flow, operation, content_hash, "
                        + "content, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", targetSystem, targetEntity, targetId,
                flow, operation, SyncJson.hash(content), SyncJson.stable(content), Instant.now());
    }

    public List<RecentWrite> recentWrites(String targetSystem, String targetId, Duration window) {
        return jdbc.query("SELECT * FROM recent_write WHERE target_system = ? AND target_id = ? AND written_at >= ? "
                        + "ORDER BY id DESC", SyncLinks::mapWrite, targetSystem, targetId, Instant.now().minus(window));
    }

    /** Drops records older than the echo window (run now and then by the inbox loop). */
    public int pruneRecentWrites(Duration window) {
        return jdbc.update("DELETE FROM recent_write WHERE written_at < ?", Instant.now().minus(window));
    }

    private static RecentWrite mapWrite(ResultSet rs) throws SQLException {
        return new RecentWrite(rs.getString("target_system"), rs.getString("target_entity"), rs.getString("target_id"),
                rs.getString("operation"), rs.getString("content_hash"), rs.getString("content"),
                Jdbc.instant(rs, "written_at"));
    }

    private static Link map(ResultSet rs) throws SQLException {
        return new Link(rs.getLong("id"), rs.getString("system"), rs.getString("entity"), rs.getString("external_id"),
                rs.getString("target_system"), rs.getString("target_entity"), rs.getString("target_id"),
                rs.getString("target_parent_id"), rs.getString("source_hash"), Jdbc.instant(rs, "source_updated_at"),
                rs.getString("target_hash"), Jdbc.instant(rs, "target_written_at"), Jdbc.instant(rs, "target_updated_at"));
    }
}
