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
 * The fields a write changed, before and after, for the audit and for rollback. Before an update
 * the record is read with its system's {@link RecordOperations#read} (systems whose quota cannot
 * spare a read offer none: their audit rows keep the after-values only). The result is the map
 * {@code {"created": bool, "parentId": .., "fields": {"name": {"before": .., "after": ..}}}}.
 */
final class WriteChanges {
    private static final Logger LOG = LoggerFactory.getLogger(WriteChanges.class);
    /** Exchange property: what the write of this save changed, until its audit row holds it. */
    static final String PROPERTY = "syncWriteChanges";
    /** Request fields that address the record rather than change it. */
    private static final Set<String> NOT_FIELDS = Set.of("locationId", "id", "contactId");

    private WriteChanges() {
    }

    /** The record as it is now, or null when its system offers no read or the read fails. */
    static Map<String, Object> read(CamelContext context, SyncSteps steps, String system, String entity, String targetId,
                                    String parentId) {
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
            // the write goes ahead; its audit row says the before-values are unknown
            LOG.debug("reading {} {} {} before the write: {}", system, entity, targetId, e.getMessage());
            return null;
        }
    }

    /**
     * What {@code request} changes on {@code before} (null before: a record created by the write,
     * or one whose before-values are unknown, told apart by {@code created}).
     */
    static Map<String, Object> of(Map<String, Object> before, Map<String, Object> request, boolean created, String parentId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        request.forEach((field, after) -> {
            if (NOT_FIELDS.contains(field)) {
                return;
            }
            Object was = before == null ? null : before.get(field);
            if (before == null || !same(was, after)) {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("before", was);
                pair.put("after", after);
                fields.put(field, pair);
            }
        });
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("created", created);
        changes.put("beforeKnown", before != null);
        if (parentId != null) {
            changes.put("parentId", parentId);
        }
        changes.put("fields", fields);
        return changes;
    }

    /** Equal as JSON (1 and 1.0, key order of objects). */
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
