package io.contactsbridge.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.auth.TokenCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit table: one row per write and per skip decision, so "why did (not) this change?" has
 * an answer. Outcomes are the constants below. A write's row also keeps the fields it changed,
 * before and after ({@link WriteChanges}), encrypted like the tokens (personal data) under
 * {@code key_id}; without an encryption key they are not kept at all, and rollback cannot undo it.
 */
public class SyncAudit {
    private static final Logger LOG = LoggerFactory.getLogger(SyncAudit.class);
    public static final String ROLLED_BACK = "rolled-back";
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
                        String outcome, Instant sourceUpdatedAt, Instant targetUpdatedAt, String detail,
                        String targetSystem, String targetEntity, Map<String, Object> changes, Long rollbackOf) {

        /**
         * True when rollback can restore this write: a write (not a rollback itself) that updated a
         * record whose before-values are known.
         */
        public boolean undoable() {
            return rollbackOf == null && changes != null && Boolean.TRUE.equals(changes.get("beforeKnown"))
                    && !Boolean.TRUE.equals(changes.get("created")) && (WRITTEN.equals(outcome) || LWW_SOURCE_WON.equals(outcome));
        }

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
            m.put("targetSystem", targetSystem);
            m.put("targetEntity", targetEntity);
            if (changes != null) {
                m.put("changes", changes);
            }
            if (rollbackOf != null) {
                m.put("rollbackOf", rollbackOf);
            }
            return m;
        }
    }

    /**
     * The system and entity a decision was about ({@code highlevel}, {@code contact}); for a write,
     * whether it made a new record (null: the operation's name tells) and what it changed there
     * (the fields before and after, {@link WriteChanges}; null: not known).
     */
    public record Target(String system, String entity, Boolean created, Object changes) {
        public Target(String system, String entity) {
            this(system, entity, null, null);
        }

        public Target(String system, String entity, Boolean created) {
            this(system, entity, created, null);
        }
    }

    private final Jdbc jdbc;
    private final DecisionLog log;
    private final TokenCipher cipher;
    private volatile SyncMetrics metrics;
    private volatile boolean warnedNoKey;

    public SyncAudit(DataSource dataSource) {
        this(dataSource, null, null);
    }

    /** @param cipher encrypts the before/after values; null: they are not kept */
    public SyncAudit(DataSource dataSource, TokenCipher cipher) {
        this(dataSource, null, cipher);
    }

    /**
     * @param log    with it, every row is also one INFO line a person can read
     * @param cipher encrypts the before/after values; null: they are not kept
     */
    public SyncAudit(DataSource dataSource, DecisionLog log, TokenCipher cipher) {
        this.jdbc = new Jdbc(dataSource);
        this.log = log;
        this.cipher = cipher;
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

    public void record(String flow, CanonicalChange change, String operation, String targetId, String beforeHash,
                       String afterHash, String outcome, Instant targetUpdatedAt, String detail, Target target) {
        record(target, flow, change, operation, targetId, beforeHash, afterHash, outcome, targetUpdatedAt, detail);
    }

    public void record(Target target, String flow, CanonicalChange change, String operation, String targetId,
                       String beforeHash, String afterHash, String outcome, Instant targetUpdatedAt, String detail) {
        if (log != null) {
            log.decided(flow, change, target == null ? new Target(null, null) : target, operation, targetId, outcome,
                    detail);
        }
        insert(new Entry(0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), flow, change == null ? null : change.source(),
                change == null ? null : change.entity().wire(), change == null ? null : change.action().wire(),
                change == null ? null : change.sourceId(), change == null ? null : change.eventId(), operation, targetId,
                beforeHash, afterHash, outcome, change == null ? null : change.sourceUpdatedAt(), targetUpdatedAt,
                detail, target == null ? null : target.system(), target == null ? null : target.entity(),
                target != null && target.changes() instanceof Map<?, ?> c ? cast(c) : null, null));
        SyncMetrics m = metrics;
        if (m != null) {
            m.decision(outcome, operation);
        }
    }

    /** Writes one row as given (rollback's own rows); the changes encrypted, or left out without a key. */
    void insert(Entry e) {
        String changes = null;
        String keyId = null;
        if (e.changes() != null && cipher != null) {
            changes = cipher.encrypt(SyncJson.write(e.changes()), identity(e));
            keyId = cipher.currentKeyId();
        } else if (e.changes() != null && !warnedNoKey) {
            warnedNoKey = true;
            LOG.warn("audit rows keep no before/after values (so rollback cannot restore them): set BRIDGE_ENCRYPTION_KEY");
        }
        jdbc.update("INSERT INTO sync_audit (at, flow, source, entity, action, source_id, event_id, operation, target_id, "
                        + "before_hash, after_hash, outcome, source_updated_at, target_updated_at, detail, target_system, "
                        + "target_entity, changes, key_id, rollback_of) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.at(), e.flow(), e.source(), e.entity(), e.action(), e.sourceId(), e.eventId(), e.operation(), e.targetId(),
                e.beforeHash(), e.afterHash(), e.outcome(), e.sourceUpdatedAt(), e.targetUpdatedAt(),
                e.detail() == null ? null : truncate(e.detail(), 1000), e.targetSystem(), e.targetEntity(), changes, keyId,
                e.rollbackOf());
    }

    /**
     * The written rows that {@code where} selects (with its arguments), newest first, for rollback:
     * not rollbacks themselves.
     */
    List<Entry> writes(String where, Object... args) {
        return jdbc.query("SELECT * FROM sync_audit WHERE outcome IN ('written', 'lww-source-won') AND rollback_of IS NULL"
                + " AND (" + where + ") ORDER BY id DESC LIMIT 10000", this::map, args);
    }

    /** The rollback row that undid audit row {@code id}, if any. */
    Entry rollbackOf(long id) {
        List<Entry> rows = jdbc.query("SELECT * FROM sync_audit WHERE rollback_of = ? AND outcome = ? ORDER BY id LIMIT 1",
                this::map, id, ROLLED_BACK);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * What the bridge last wrote (or restored) to each field of one record, from its newest audit
     * rows; empty without a key (nothing was kept).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> lastValues(String targetSystem, String targetEntity, String targetId) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (cipher == null) {
            return values;
        }
        List<Entry> rows = jdbc.query("SELECT * FROM sync_audit WHERE target_system = ? AND target_entity = ? AND target_id = ?"
                + " AND changes IS NOT NULL AND outcome IN ('written', 'lww-source-won', 'rolled-back') ORDER BY id DESC LIMIT 20",
                this::map, targetSystem, targetEntity, targetId);
        for (int i = rows.size() - 1; i >= 0; i--) {
            Object fields = rows.get(i).changes() == null ? null : rows.get(i).changes().get("fields");
            if (fields instanceof Map<?, ?> f) {
                f.forEach((k, pair) -> values.put(String.valueOf(k), ((Map<String, Object>) pair).get("after")));
            }
        }
        return values;
    }

    /** Re-encrypts the values of every row not under the current key; returns how many. */
    public int reencryptAll() {
        if (cipher == null) {
            return 0;
        }
        int done = 0;
        while (true) {
            List<Entry> batch = jdbc.query("SELECT * FROM sync_audit WHERE changes IS NOT NULL AND (key_id IS NULL OR"
                    + " key_id <> ?) ORDER BY id LIMIT 500", this::map, cipher.currentKeyId());
            if (batch.isEmpty()) {
                return done;
            }
            for (Entry e : batch) {
                done += jdbc.update("UPDATE sync_audit SET changes = ?, key_id = ? WHERE id = ?",
                        cipher.encrypt(SyncJson.write(e.changes() == null ? Map.of() : e.changes()), identity(e)),
                        cipher.currentKeyId(), e.id());
            }
        }
    }

    /** Associated data of a row's values: its time and target, known before the id is. */
    private static String identity(Entry e) {
        return "sync_audit/" + e.at().toEpochMilli() + "/" + e.targetSystem() + "/" + e.targetEntity() + "/" + e.targetId();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    public int prune(java.time.Duration retention) {
        return jdbc.update("DELETE FROM sync_audit WHERE at < ?", Instant.now().minus(retention));
    }

    /** Newest first. */
    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT * FROM sync_audit ORDER BY id DESC LIMIT ?", this::map, limit);
    }

    /** Rows with an id below {@code before}, newest first, optionally of one event or flow (the admin API's pages). */
    public List<Entry> page(long before, int limit, String eventId, String flow) {
        List<Object> args = new java.util.ArrayList<>(List.of(before));
        StringBuilder sql = new StringBuilder("SELECT * FROM sync_audit WHERE id < ?");
        if (eventId != null && !eventId.isBlank()) {
            sql.append(" AND event_id = ?");
            args.add(eventId);
        }
        if (flow != null && !flow.isBlank()) {
            sql.append(" AND flow = ?");
            args.add(flow);
        }
        args.add(limit);
        return jdbc.query(sql + " ORDER BY id DESC LIMIT ?", this::map, args.toArray());
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
        return jdbc.query(sql.toString(), this::map, args.toArray());
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
                this::map, source, entity, sourceId);
    }

    /** One row by its id, or null. */
    public Entry entry(long id) {
        List<Entry> rows = jdbc.query("SELECT * FROM sync_audit WHERE id = ?", this::map, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public int count(String outcome) {
        return jdbc.first("SELECT COUNT(*) AS n FROM sync_audit WHERE outcome = ?", rs -> rs.getInt("n"), outcome);
    }

    private Entry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Entry plain = new Entry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("flow"), rs.getString("source"),
                rs.getString("entity"), rs.getString("action"), rs.getString("source_id"), rs.getString("event_id"),
                rs.getString("operation"), rs.getString("target_id"), rs.getString("before_hash"),
                rs.getString("after_hash"), rs.getString("outcome"), Jdbc.instant(rs, "source_updated_at"),
                Jdbc.instant(rs, "target_updated_at"), rs.getString("detail"), rs.getString("target_system"),
                rs.getString("target_entity"), null, rs.getObject("rollback_of") == null ? null : rs.getLong("rollback_of"));
        String stored = rs.getString("changes");
        if (stored == null || cipher == null) {
            return plain;
        }
        String keyId = rs.getString("key_id");
        Map<String, Object> changes = SyncJson.readMap(keyId == null ? stored : cipher.decrypt(stored, keyId, identity(plain)));
        return new Entry(plain.id(), plain.at(), plain.flow(), plain.source(), plain.entity(), plain.action(),
                plain.sourceId(), plain.eventId(), plain.operation(), plain.targetId(), plain.beforeHash(), plain.afterHash(),
                plain.outcome(), plain.sourceUpdatedAt(), plain.targetUpdatedAt(), plain.detail(), plain.targetSystem(),
                plain.targetEntity(), changes, plain.rollbackOf());
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
