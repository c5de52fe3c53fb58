package io.contactsbridge.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.connector.CanonicalChange;

/**
 * The audit table: one row per write and per skip decision, so "why did (not) this change?" has
 * an answer. Outcomes are the constants below.
 */
public class SyncAudit {
    public static final String WRITTEN = "written";
    public static final String SKIPPED_UNCHANGED = "skipped-unchanged";
    public static final String SKIPPED_ECHO = "skipped-echo";
    public static final String SKIPPED_NO_FLOW = "skipped-no-flow";
    public static final String SKIPPED_NO_LINK = "skipped-no-link";
    public static final String SKIPPED_POLICY = "skipped-policy";
    public static final String LWW_SOURCE_WON = "lww-source-won";
    public static final String LWW_TARGET_WON = "lww-target-won";
    public static final String DRY_RUN = "dry-run";
    public static final String FAILED = "failed";

    /** One audit row; null fields are simply not known for that decision. */
    public record Entry(long id, Instant at, String flow, String source, String entity, String action, String sourceId,
                        String eventId, String operation, String targetId, String beforeHash, String afterHash,
                        String outcome, Instant sourceUpdatedAt, Instant targetUpdatedAt, String detail) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("at", String.valueOf(at));
            m.put("flow", flow);
            m.put("source", source);
            m.put("entity", entity);
            m.put("action", action);
            m.put("sourceId", sourceId);
            m.put("eventId", eventId);
            m.put("operation", operation);
            m.put("targetId", targetId);
            m.put("beforeHash", beforeHash);
            m.put("afterHash", afterHash);
            m.put("outcome", outcome);
            m.put("sourceUpdatedAt", sourceUpdatedAt == null ? null : sourceUpdatedAt.toString());
            m.put("targetUpdatedAt", targetUpdatedAt == null ? null : targetUpdatedAt.toString());
            m.put("detail", detail);
            return m;
        }
    }

    /**
     * The system and entity a decision was about ({@code highlevel}, {@code contact}); for a write,
     * whether it made a new record (null: the operation's name tells).
     */
    public record Target(String system, String entity, Boolean created) {
        public Target(String system, String entity) {
            this(system, entity, null);
        }
    }

    private final Jdbc jdbc;
    private final DecisionLog log;
    private volatile SyncMetrics metrics;

    public SyncAudit(DataSource dataSource) {
        this(dataSource, null);
    }

    /** With {@code log}, every row is also one INFO line a person can read. */
    public SyncAudit(DataSource dataSource, DecisionLog log) {
        this.jdbc = new Jdbc(dataSource);
        this.log = log;
    }

    /** Counts every decision in these meters (writes by operation, skips by reason) from now on. */
    public SyncAudit countIn(SyncMetrics meters) {
        this.metrics = meters;
        return this;
    }

    public void record(String flow, CanonicalChange change, String operation, String targetId, String beforeHash,
                       String afterHash, String outcome, Instant targetUpdatedAt, String detail) {
        record(null, flow, change, operation, targetId, beforeHash, afterHash, outcome, targetUpdatedAt, detail);
    }

    public void record(Target target, String flow, CanonicalChange change, String operation, String targetId,
                       String beforeHash, String afterHash, String outcome, Instant targetUpdatedAt, String detail) {
        if (log != null) {
            log.decided(flow, change, target == null ? new Target(null, null) : target, operation, targetId, outcome,
                    detail);
        }
        jdbc.update("INSERT INTO sync_audit (at, flow, source, entity, action, source_id, event_id, operation, target_id, "
                        + "before_hash, after_hash, outcome, source_updated_at, target_updated_at, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Instant.now(), flow, change == null ? null : change.source(),
                change == null ? null : change.entity().wire(), change == null ? null : change.action().wire(),
                change == null ? null : change.sourceId(), change == null ? null : change.eventId(), operation, targetId,
                beforeHash, afterHash, outcome, change == null ? null : change.sourceUpdatedAt(), targetUpdatedAt,
                detail == null ? null : truncate(detail, 1000));
        SyncMetrics m = metrics;
        if (m != null) {
            m.decision(outcome, operation);
        }
    }

    public int prune(java.time.Duration retention) {
        return jdbc.update("DELETE FROM sync_audit WHERE at < ?", Instant.now().minus(retention));
    }

    /** Newest first. */
    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT * FROM sync_audit ORDER BY id DESC LIMIT ?", SyncAudit::map, limit);
    }

    /**
     * Newest first, narrowed by whichever filters are given (null or blank: any): a connector (the
     * change came from it, or an operation of one of its {@code namespaces} went to it), the flow,
     * the outcome.
     */
    public List<Entry> recent(int limit, String connector, List<String> namespaces, String flow, String outcome) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sync_audit WHERE 1 = 1");
        List<Object> args = new java.util.ArrayList<>();
        if (connector != null && !connector.isBlank()) {
            sql.append(" AND (source = ?");
            args.add(connector);
            for (String ns : namespaces) {
                sql.append(" OR operation LIKE ?");
                args.add(ns + ".%");
            }
            sql.append(')');
        }
        if (flow != null && !flow.isBlank()) {
            sql.append(" AND flow = ?");
            args.add(flow);
        }
        if (outcome != null && !outcome.isBlank()) {
            sql.append(" AND outcome = ?");
            args.add(outcome);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), SyncAudit::map, args.toArray());
    }

    /** How many decisions of each outcome were made in [from, to) (the console's chart: one indexed query per bar). */
    public Map<String, Long> outcomeCounts(Instant from, Instant to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT outcome, COUNT(*) AS n FROM sync_audit WHERE at >= ? AND at < ? GROUP BY outcome",
                rs -> counts.put(rs.getString("outcome"), rs.getLong("n")), from, to);
        return counts;
    }

    /** How many distinct events were decided on since {@code since}. */
    public long eventsSince(Instant since) {
        return jdbc.first("SELECT COUNT(DISTINCT event_id) AS n FROM sync_audit WHERE at >= ?", rs -> rs.getLong("n"), since);
    }

    /** Every row about one source record, oldest first. */
    public List<Entry> forRecord(String source, String entity, String sourceId) {
        return jdbc.query("SELECT * FROM sync_audit WHERE source = ? AND entity = ? AND source_id = ? ORDER BY id",
                SyncAudit::map, source, entity, sourceId);
    }

    public int count(String outcome) {
        return jdbc.first("SELECT COUNT(*) AS n FROM sync_audit WHERE outcome = ?", rs -> rs.getInt("n"), outcome);
    }

    private static Entry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("flow"), rs.getString("source"),
                rs.getString("entity"), rs.getString("action"), rs.getString("source_id"), rs.getString("event_id"),
                rs.getString("operation"), rs.getString("target_id"), rs.getString("before_hash"),
                rs.getString("after_hash"), rs.getString("outcome"), Jdbc.instant(rs, "source_updated_at"),
                Jdbc.instant(rs, "target_updated_at"), rs.getString("detail"));
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
