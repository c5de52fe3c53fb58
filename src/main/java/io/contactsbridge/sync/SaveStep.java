package io.contactsbridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code direct:sync.save}: the reusable step a flow calls to save one mapped record in a target
 * system: decide (unchanged? last-write-wins lost?), then, when it should be written, the update
 * operation for a linked record or the create operation for a new one, through the audited,
 * dry-run-aware {@code direct:sync.write}. Every save starts clean: what an earlier save of the same
 * flow left behind (hashes, decision, target) is cleared first, and the inputs are consumed.
 *
 * <p>Inputs (headers): {@code syncTargetSystem} (default: the hub), {@code syncTargetEntity}
 * (default {@code contact}); either {@code syncOperation} (one operation for both cases, such as
 * {@code contacts.save-contact} or {@code contacts.add-tags}) or {@code syncCreate} and
 * {@code syncUpdate}; {@code syncTargetIdHeader}: the header the operation takes the target's id in
 * ({@code contactId}, {@code taskId}, {@code id}, {@code client_id}); optional {@code syncTargetId}
 * (the record this must go to, when the flow found it itself) and {@code syncTargetParentId}; plus
 * the operation's own headers, and the body = the mapped record. {@code syncCreateExtras}: a map of
 * fields added to the body only when a new record is created (HighLevel needs a task's due date; it
 * must not count as a change of the record, so it is not part of the compared body).
 * {@code syncRecordLink=false}: audit the write but link nothing (a record made on the way).
 *
 * <p>Results: {@code syncDecision} (write | skip), {@code syncOutcome}, {@code syncSavedId} (the
 * target record's id, written or already linked); body = the operation's answer (unchanged on a skip).
 */
final class SaveStep {
    public static final String CREATE = "syncCreate";
    public static final String UPDATE = "syncUpdate";
    public static final String TARGET_ID_HEADER = "syncTargetIdHeader";
    public static final String SAVED_ID = "syncSavedId";
    public static final String CREATE_EXTRAS = "syncCreateExtras";
    /** What a previous decide or write of the same flow left on the message. */
    private static final List<String> LEFT_BEHIND = List.of(SyncSteps.HASH, SyncSteps.BEFORE_HASH, SyncSteps.LINK_FOUND,
            SyncSteps.TARGET_UPDATED_AT, SyncSteps.DECISION, SyncSteps.OUTCOME, SAVED_ID);
    /** Inputs of one save, consumed by it. */
    private static final List<String> INPUTS = List.of(SyncSteps.TARGET_SYSTEM, SyncSteps.TARGET_ENTITY,
            SyncSteps.OPERATION, CREATE, UPDATE, TARGET_ID_HEADER, SyncSteps.TARGET_ID, SyncSteps.TARGET_PARENT_ID,
            CREATE_EXTRAS, SyncSteps.RECORD_LINK);

    private final SyncSteps steps;

    SaveStep(SyncSteps steps) {
        this.steps = steps;
    }

    /**
     * {@code direct:sync.write} as flows use it: one operation, written now without the unchanged
     * check (removing tags: the tags sent are the ones the link remembers adding), audited and
     * dry-run-aware like a save, its inputs consumed the same way. {@code syncRecordLink=forget}
     * forgets the link afterwards, so a later save of the same record writes again.
     */
    void write(Exchange exchange) {
        Message m = exchange.getMessage();
        startClean(m);
        try {
            steps.write(exchange);
            m.setHeader(SAVED_ID, m.getHeader(SyncSteps.TARGET_ID, String.class));
        } finally {
            consumeInputs(m);
        }
    }

    private static void startClean(Message m) {
        LEFT_BEHIND.forEach(m::removeHeader);
        for (String optional : List.of(SyncSteps.TARGET_ID, SyncSteps.TARGET_PARENT_ID)) {
            if (m.getHeader(optional, String.class) != null && m.getHeader(optional, String.class).isBlank()) {
                m.removeHeader(optional); // a lookup in the flow found nothing
            }
        }
    }

    private static void consumeInputs(Message m) {
        INPUTS.forEach(m::removeHeader);
        m.removeHeader(SyncSteps.HASH);
        m.removeHeader(SyncSteps.BEFORE_HASH);
        m.removeHeader(SyncSteps.LINK_FOUND);
        m.removeHeader(SyncSteps.TARGET_UPDATED_AT);
    }

    void save(Exchange exchange) {
        Message m = exchange.getMessage();
        startClean(m);
        String single = m.getHeader(SyncSteps.OPERATION, String.class);
        String create = m.getHeader(CREATE, String.class);
        String update = m.getHeader(UPDATE, String.class);
        if (single == null && (create == null || update == null)) {
            throw new IllegalArgumentException("direct:sync.save needs " + SyncSteps.OPERATION + ", or " + CREATE
                    + " and " + UPDATE);
        }
        try {
            steps.decide(exchange);
            String targetId = m.getHeader(SyncSteps.TARGET_ID, String.class);
            if (SyncSteps.WRITE.equals(m.getHeader(SyncSteps.DECISION))) {
                String idHeader = m.getHeader(TARGET_ID_HEADER, String.class);
                if (targetId != null && idHeader != null) {
                    m.setHeader(idHeader, targetId);
                }
                boolean creating = targetId == null;
                m.setHeader(SyncSteps.OPERATION, single != null ? single : creating ? create : update);
                if (creating && m.getHeader(CREATE_EXTRAS) instanceof Map<?, ?> extras) {
                    Map<String, Object> body = new LinkedHashMap<>(SyncSteps.bodyMap(exchange, "direct:sync.save"));
                    extras.forEach((k, v) -> body.putIfAbsent(String.valueOf(k), v));
                    m.setBody(body);
                }
                steps.write(exchange);
                targetId = m.getHeader(SyncSteps.TARGET_ID, String.class);
            }
            m.setHeader(SAVED_ID, targetId);
        } finally {
            consumeInputs(m);
        }
    }
}
