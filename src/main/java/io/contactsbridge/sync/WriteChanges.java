package io.contactsbridge.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.contactsbridge.connector.RecordOperations;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields a write changed, before and after, for the audit and for rollback:
 * {@code {"created": bool, "beforeKnown": bool, "parentId": .., "fields": {"name": {"before": .., "after": ..}}}}.
 * Where the before-values come from ({@code bridge.audit.before-values}):
 * <ul>
 * <li>{@value #REMEMBERED} (default): what the bridge itself last wrote to each field of the record
 *     (its earlier audit rows), at no API call. A field nobody wrote through the bridge yet, or one
 *     edited elsewhere between two writes of the bridge, has no exact before-value: the row then says
 *     {@code beforeKnown: false} when a field's value is unknown, and rollback leaves it alone.</li>
 * <li>{@value #READ}: the record is read before every update (one more call per update, against
 *     the quota), with its system's {@link RecordOperations#read}: exact before-values.</li>
 * </ul>
 */
final class WriteChanges {
    private static final Logger LOG = LoggerFactory.getLogger(WriteChanges.class);
    static final String REMEMBERED = "remembered";
    static final String READ = "read";
    /** Exchange property: what the write of this save changed, until its audit row holds it. */
    static final String PROPERTY = "syncWriteChanges";
    /** Request fields that address the record rather than change it. */
    private static final Set<String> NOT_FIELDS = Set.of("locationId", "id", "contactId");

    private WriteChanges() {
    }

    /** The record's fields before a write to it, as the mode gives them; complete: absent means empty. */
    record Before(Map<String, Object> fields, boolean complete) {
    }

    static Before before(CamelContext context, SyncSteps steps, SyncAudit audit, String mode, String system,
                         String entity, String targetId, String parentId) {
        if (targetId == null) {
            return null;
        }
        if (READ.equals(mode)) {
            Map<String, Object> now = current(context, steps, system, entity, targetId, parentId);
            return now == null ? null : new Before(now, true);
        }
        return new Before(audit.lastValues(system, entity, targetId), false);
    }

    /** The record as it is now, or null when its system offers no read or the read fails. */
    static Map<String, Object> current(CamelContext context, SyncSteps steps, String system, String entity,
                                       String targetId, String parentId) {
        RecordOperations records = records(context, system, entity).orElse(null);
        if (records == null || targetId == null) {
            return null;
        }
        Optional<RecordOperations.Call> read = records.read(targetId, parentId);
        if (read.isEmpty()) {
            return null;
        }
        try {
            SyncSteps.Answer a = steps.call(read.get().operation(), read.get().headers(), read.get().body());
            return new LinkedHashMap<>(records.fieldsOf(a.body()));
        } catch (RuntimeException e) {
            LOG.debug("reading {} {} {}: {}", system, entity, targetId, e.getMessage());
            return null;
        }
    }

    /** What {@code request} changes on {@code before} (null: a created record, or nothing known of it). */
    static Map<String, Object> of(Before before, Map<String, Object> request, boolean created, String parentId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean known = before != null || created;
        for (Map.Entry<String, Object> e : request.entrySet()) {
            String field = e.getKey();
            if (NOT_FIELDS.contains(field)) {
                continue;
            }
            boolean has = before != null && (before.complete() || before.fields().containsKey(field));
            Object was = before == null ? null : before.fields().get(field);
            if (has && same(was, e.getValue())) {
                continue;
            }
            known &= has || created;
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("before", was);
            pair.put("after", e.getValue());
            fields.put(field, pair);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("created", created);
        changes.put("beforeKnown", known);
        if (parentId != null) {
            changes.put("parentId", parentId);
        }
        changes.put("fields", fields);
        return changes;
    }

    /** Equal as JSON (key order of objects, absent and null alike). */
    static boolean same(Object a, Object b) {
        return Objects.equals(SyncJson.stable(a), SyncJson.stable(b));
    }

    static Optional<RecordOperations> records(CamelContext context, String system, String entity) {
        for (RecordOperations r : context.getRegistry().findByType(RecordOperations.class)) {
            if (r.system().equals(system) && r.entity().equals(entity)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
