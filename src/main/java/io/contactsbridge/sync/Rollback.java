package io.contactsbridge.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.RecordOperations;
import org.apache.camel.CamelContext;

/**
 * Undoes audited writes: by flow, by event, or by time range (any combination narrows). Each
 * written row that kept its before-values is restored through the same path the flows write on
 * (the system's operation routes: quota, retries, dry run), newest first, so several writes to one
 * record unwind in order. A record changed since by anyone else (a field is neither the value the
 * write left nor the one before) is skipped: last write wins, and the later writer is not
 * overwritten. A restore is remembered as the bridge's own write (its echo is not synced back) and
 * audited with {@code outcome = rolled-back} and {@code rollback_of}; a row already undone is
 * reported, never restored twice. Without {@code apply} nothing is written: the plan says what would be.
 */
public final class Rollback {
    /** What to undo; null parts select everything. */
    public record Selection(String flow, String eventId, Instant from, Instant to) {
        public Selection {
            if (blank(flow) && blank(eventId) && from == null && to == null) {
                throw new IllegalArgumentException("say what to roll back: a flow, an event id, or a time range (from, to)");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("the time range is empty: 'from' must be before 'to'");
            }
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /** One audit row's fate: {@code restore} (planned or done), or a skip with the reason. */
    public record Step(long auditId, String flow, String eventId, String target, String action, String reason,
                       Map<String, Object> restore) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("auditId", auditId);
            m.put("flow", flow);
            m.put("eventId", eventId);
            m.put("target", target);
            m.put("action", action);
            if (reason != null) {
                m.put("reason", reason);
            }
            if (restore != null) {
                m.put("restoreFields", new ArrayList<>(restore.keySet())); // names only: values are personal data
            }
            return m;
        }
    }

    public static final String RESTORE = "restore";
    public static final String RESTORED = "restored";
    public static final String SKIPPED = "skipped";
    public static final String ALREADY_DONE = "already-done";

    private final CamelContext context;
    private final SyncAudit audit;
    private final SyncLinks links;
    private final SyncSteps steps;

    public Rollback(CamelContext context, SyncAudit audit, SyncLinks links, SyncSteps steps) {
        this.context = context;
        this.audit = audit;
        this.links = links;
        this.steps = steps;
    }

    /**
     * A rollback outside a running bridge (the command line): the store of {@code dataSource}, the
     * operation routes and {@link RecordOperations} already in {@code context}.
     */
    public static Rollback standalone(CamelContext context, javax.sql.DataSource dataSource,
                                      io.contactsbridge.connector.auth.TokenCipher cipher, SyncSettings settings) {
        SyncAudit audit = new SyncAudit(dataSource, cipher);
        SyncLinks links = new SyncLinks(dataSource, settings.hub());
        return new Rollback(context, audit, links, new SyncSteps(context, links, audit, settings, new InFlightWrites(),
                new CreateIntents(dataSource)));
    }

    /** The plan ({@code apply = false}) or its execution. */
    public List<Step> run(Selection selection, boolean apply) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!Selection.blank(selection.flow())) {
            where.add("flow = ?");
            args.add(selection.flow().trim());
        }
        if (!Selection.blank(selection.eventId())) {
            where.add("event_id = ?");
            args.add(selection.eventId().trim());
        }
        if (selection.from() != null) {
            where.add("at >= ?");
            args.add(selection.from());
        }
        if (selection.to() != null) {
            where.add("at < ?");
            args.add(selection.to());
        }
        // what each record looks like as the plan goes on (a dry run writes nothing to read back)
        Map<String, Map<String, Object>> current = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (SyncAudit.Entry row : audit.writes(String.join(" AND ", where), args.toArray())) {
            steps.add(undo(row, current, apply));
        }
        return steps;
    }

    @SuppressWarnings("unchecked")
    private Step undo(SyncAudit.Entry row, Map<String, Map<String, Object>> current, boolean apply) {
        String target = row.targetSystem() + " " + row.targetEntity() + " " + row.targetId();
        SyncAudit.Entry done = audit.rollbackOf(row.id());
        if (done != null) {
            return step(row, target, ALREADY_DONE, "already rolled back (audit row " + done.id() + ")", null);
        }
        Map<String, Object> changes = row.changes();
        if (changes == null) {
            return step(row, target, SKIPPED, "the row kept no before-values (no encryption key when it was written)", null);
        }
        if (Boolean.TRUE.equals(changes.get("created"))) {
            return step(row, target, SKIPPED, "the write created the record; rollback does not delete records", null);
        }
        if (!Boolean.TRUE.equals(changes.get("beforeKnown"))) {
            return step(row, target, SKIPPED, "before-values unknown: " + row.targetSystem() + " offers no read before a write", null);
        }
        Map<String, Map<String, Object>> fields = (Map<String, Map<String, Object>>) changes.getOrDefault("fields", Map.of());
        if (fields.isEmpty()) {
            return step(row, target, SKIPPED, "the write changed no field", null);
        }
        String parentId = (String) changes.get("parentId");
        Optional<RecordOperations> records = WriteChanges.records(context, row.targetSystem(), row.targetEntity());
        if (records.isEmpty() || records.get().update(row.targetId(), parentId, Map.of()).isEmpty()) {
            return step(row, target, SKIPPED, "no rollback for " + row.targetSystem() + " " + row.targetEntity()
                    + " (connector not enabled, or it offers no update)", null);
        }
        Map<String, Object> now = current.computeIfAbsent(target, k -> WriteChanges.current(context, this.steps,
                row.targetSystem(), row.targetEntity(), row.targetId(), parentId));
        if (now == null) {
            current.remove(target);
            return step(row, target, SKIPPED, "the record cannot be read now (gone, or its system does not answer)", null);
        }
        Map<String, Object> restore = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> f : fields.entrySet()) {
            Object value = now.get(f.getKey());
            if (WriteChanges.same(value, f.getValue().get("before"))) {
                continue;
            }
            if (!WriteChanges.same(value, f.getValue().get("after"))) {
                return step(row, target, SKIPPED, "changed since by someone else (" + f.getKey()
                        + "): last write wins, not overwritten", null);
            }
            restore.put(f.getKey(), f.getValue().get("before"));
        }
        if (restore.isEmpty()) {
            return step(row, target, ALREADY_DONE, "every field is back at its before-value", null);
        }
        now.putAll(restore);
        if (!apply) {
            return step(row, target, RESTORE, "dry run: nothing written", restore);
        }
        RecordOperations.Call call = records.get().update(row.targetId(), parentId, restore).orElseThrow();
        SyncSteps.Answer answer = steps.call(call.operation(), call.headers(), call.body());
        links.recordRecentWrite(row.targetSystem(), row.targetEntity(), row.targetId(), "rollback", call.operationId(), restore);
        audit.insert(new SyncAudit.Entry(0, Instant.now().truncatedTo(ChronoUnit.MILLIS), "rollback", row.source(),
                row.entity(), row.action(), row.sourceId(), "rollback-of-" + row.id(), call.operationId(), row.targetId(),
                row.afterHash(), row.beforeHash(), answer.dryRun() ? SyncAudit.DRY_RUN : SyncAudit.ROLLED_BACK, null, null,
                "undoes audit row " + row.id() + " (flow " + row.flow() + ", event " + row.eventId() + ")",
                row.targetSystem(), row.targetEntity(), reversed(fields, restore, parentId), row.id()));
        return step(row, target, answer.dryRun() ? RESTORE : RESTORED,
                answer.dryRun() ? "BRIDGE_DRY_RUN is on: nothing sent" : null, restore);
    }

    /** How many steps of each action. */
    public static Map<String, Long> summary(List<Step> steps) {
        Map<String, Long> counts = new LinkedHashMap<>();
        steps.forEach(s -> counts.merge(s.action(), 1L, Long::sum));
        return counts;
    }

    private static Map<String, Object> reversed(Map<String, Map<String, Object>> fields, Map<String, Object> restore,
                                                String parentId) {
        Map<String, Object> out = new LinkedHashMap<>();
        restore.keySet().forEach(f -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("before", fields.get(f).get("after"));
            pair.put("after", fields.get(f).get("before"));
            out.put(f, pair);
        });
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("created", false);
        changes.put("beforeKnown", true);
        if (parentId != null) {
            changes.put("parentId", parentId);
        }
        changes.put("fields", out);
        return changes;
    }

    private static Step step(SyncAudit.Entry row, String target, String action, String reason, Map<String, Object> restore) {
        return new Step(row.id(), row.flow(), row.eventId(), target, action, reason, restore);
    }
}
