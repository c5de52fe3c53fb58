package io.contactsbridge.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.Write;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The building blocks flows call: {@code direct:sync.decide} (write or skip), {@code direct:sync.write}
 * (one operation route, audited and recorded; a create leaves an intent until it is linked), and what
 * {@link DeleteStep} ({@code direct:sync.delete}) shares with them. The
 * headers in and out are named by the constants below; {@link SaveStep} composes them for flows.
 * Nothing here names a connector: operations come from the flow's headers, deletes from the
 * target's {@link RecordOperations}.
 */
public class SyncSteps {
    public static final List<String> DELETE_POLICIES = List.of("delete", "archive-tag", "ignore");

    // set by the flow
    public static final String TARGET_SYSTEM = "syncTargetSystem";
    public static final String TARGET_ENTITY = "syncTargetEntity";
    public static final String OPERATION = "syncOperation";
    public static final String DELETE_POLICY = "syncDeletePolicy";
    public static final String ARCHIVE_TAG = "syncArchiveTag";
    /**
     * {@code false}: the write is audited but not linked to the change's record, nor remembered for
     * echo suppression (a record made on the way, such as the Toggl project a contact task needs).
     * {@code forget}: audited and remembered for echo suppression, and the link of the change's
     * record to the target is forgotten (what it linked was just removed, e.g. a project's tags).
     */
    public static final String RECORD_LINK = "syncRecordLink";
    // set by decide (and read by the writes)
    public static final String DECISION = "syncDecision";
    public static final String OUTCOME = "syncOutcome";
    public static final String HASH = "syncHash";
    public static final String BEFORE_HASH = "syncBeforeHash";
    public static final String TARGET_ID = "syncTargetId";
    public static final String TARGET_PARENT_ID = "syncTargetParentId";
    public static final String LINK_FOUND = "syncLinkFound";
    public static final String TARGET_UPDATED_AT = "syncTargetUpdatedAt";
    public static final String WRITE = "write";
    public static final String SKIP = "skip";

    private final CamelContext context;
    private final SyncLinks links;
    private final SyncAudit audit;
    private final SyncSettings settings;
    private final ProducerTemplate template;
    private final InFlightWrites inFlight;
    private final CreateIntents intents;

    SyncSteps(CamelContext context, SyncLinks links, SyncAudit audit, SyncSettings settings,
              InFlightWrites inFlight, CreateIntents intents) {
        this.inFlight = inFlight;
        this.intents = intents;
        this.context = context;
        this.links = links;
        this.audit = audit;
        this.settings = settings;
        this.template = context.createProducerTemplate();
    }

    // --- decide --------------------------------------------------------------------------------

    public void decide(Exchange exchange) {
        CanonicalChange change = change(exchange);
        Message m = exchange.getMessage();
        Map<String, Object> body = bodyMap(exchange, "direct:sync.decide");
        String hash = SyncJson.hash(body);
        SyncLinks.Link link = links.find(change.source(), change.entity().wire(), change.sourceId(), targetSystem(m),
                targetEntity(m));
        m.setHeader(HASH, hash);
        m.setHeader(LINK_FOUND, link != null);
        if (link != null) {
            m.setHeader(BEFORE_HASH, link.sourceHash());
            setIfAbsent(m, TARGET_ID, link.targetId());
            setIfAbsent(m, TARGET_PARENT_ID, link.targetParentId());
        }
        if (link != null && link.targetId() != null && hash.equals(link.sourceHash())) {
            links.touchSourceSeen(link.id());
            skip(m, SyncAudit.SKIPPED_UNCHANGED);
            audit.record(target(m), flow(exchange), change, null, link.targetId(), link.sourceHash(), hash,
                    SyncAudit.SKIPPED_UNCHANGED, null, null);
            return;
        }
        if (link != null && link.targetChangedSinceOurWrite()) {
            Instant target = link.targetUpdatedAt();
            m.setHeader(TARGET_UPDATED_AT, target.toString());
            if (change.sourceUpdatedAt() != null && change.sourceUpdatedAt().isBefore(target)) {
                skip(m, SyncAudit.LWW_TARGET_WON);
                audit.record(target(m), flow(exchange), change, null, link.targetId(), link.sourceHash(), hash,
                        SyncAudit.LWW_TARGET_WON, target, "target changed at " + target + ", after the source change at "
                                + change.sourceUpdatedAt());
                return;
            }
            m.setHeader(DECISION, WRITE);
            m.setHeader(OUTCOME, SyncAudit.LWW_SOURCE_WON);
            return;
        }
        m.setHeader(DECISION, WRITE);
        m.setHeader(OUTCOME, SyncAudit.WRITTEN);
    }

    static void skip(Message m, String outcome) {
        m.setHeader(DECISION, SKIP);
        m.setHeader(OUTCOME, outcome);
    }

    // --- any write ----------------------------------------------------------------------------

    /**
     * Calls the operation route named by {@code syncOperation} ({@code contacts.create-task}) with
     * the message's headers and body, then records link, recent write and audit (one audit row per
     * write a composite operation reports). The body becomes the operation's answer; {@code syncTargetId}
     * the written record's id.
     */
    public void write(Exchange exchange) {
        Message m = exchange.getMessage();
        String operation = m.getHeader(OPERATION, String.class);
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("direct:sync.write needs the header " + OPERATION
                    + " (an operation route such as contacts.create-task)");
        }
        Map<String, Object> request = m.getBody() == null ? Map.of() : bodyMap(exchange, "direct:sync.write");
        Map<String, Object> headers = new LinkedHashMap<>(m.getHeaders());
        // without a known target the write may create a record, and with one it changes that record:
        // either's echo may come back before it answers, and SyncRouter waits for it (InFlightWrites)
        String system = m.getHeader(TARGET_ID) == null ? targetSystem(m) : null;
        CreateIntents.Intent intent = system == null ? null
                : intents.begin(change(exchange), system, targetEntity(m), operation);
        if (intent != null && intent.earlierAttempt() != null) {
            headers.put(ApiClient.CREATE_SENT_BEFORE_HEADER, intent.earlierAttempt().toString());
        }
        long ticket = system == null ? 0 : inFlight.begin(system);
        String updating = system == null ? m.getHeader(TARGET_ID, String.class) : null;
        if (updating != null) {
            inFlight.beginRecord(targetSystem(m), updating);
        }
        try {
            WriteChanges.Before before = WriteChanges.before(context, this, audit, settings.beforeValues(),
                    targetSystem(m), targetEntity(m), m.getHeader(TARGET_ID, String.class), parentOf(m));
            Answer a;
            try {
                a = call(operation, headers, request);
            } catch (RuntimeException e) {
                if (intent != null) {
                    intents.failed(intent, e);
                }
                throw e;
            }
            String targetId = m.getHeader(TARGET_ID, String.class);
            if (targetId == null) {
                targetId = idOf(a.body());
            }
            if (targetId != null) {
                m.setHeader(TARGET_ID, targetId);
            }
            Boolean created = system == null ? Boolean.FALSE : DecisionLog.madeNew(a.body());
            exchange.setProperty(WriteChanges.PROPERTY, WriteChanges.of(before, request, system != null, parentOf(m)));
            if (a.writes().isEmpty()) {
                record(exchange, shortName(operation), targetId, request, a.body(), a.dryRun(), null, created);
            } else {
                for (Write w : a.writes()) {
                    record(exchange, w.operation(), targetId, request, a.body(), w.dryRun(), w.detail(), created);
                    created = null; // what follows the first write changes the record it made
                }
            }
            if (intent != null) {
                intents.end(intent);
            }
        } finally {
            if (system != null) {
                inFlight.end(system, ticket);
            }
            if (updating != null) {
                inFlight.endRecord(targetSystem(m), updating);
            }
        }
    }

    /** The id of the record an operation wrote: {@code contact.id}, {@code task.id}, {@code note.id} or {@code id}. */
    @SuppressWarnings("unchecked")
    static String idOf(Object answer) {
        if (!(answer instanceof Map<?, ?> map)) {
            return null;
        }
        for (String k : List.of("contact", "task", "note", "data")) {
            if (map.get(k) instanceof Map<?, ?> inner && inner.get("id") != null) {
                return inner.get("id").toString();
            }
        }
        Object id = ((Map<String, Object>) map).get("id");
        return id == null ? null : id.toString();
    }

    // --- shared -------------------------------------------------------------------------------

    /** Records a write: link (both hashes and times), recent write for echo suppression, audit. */
    void record(Exchange exchange, String operation, String targetId, Map<String, Object> request, Object answer,
                        boolean dryRun, String detail, Boolean created) {
        CanonicalChange change = change(exchange);
        Message m = exchange.getMessage();
        String targetSystem = targetSystem(m);
        String targetEntity = targetEntity(m);
        String flow = flow(exchange);
        String sourceHash = m.getHeader(HASH, String.class);
        if (sourceHash == null) {
            sourceHash = SyncJson.hash(request);
            m.setHeader(HASH, sourceHash);
        }
        String beforeHash = m.getHeader(BEFORE_HASH, String.class);
        Instant targetUpdatedAt = parseInstant(m.getHeader(TARGET_UPDATED_AT, String.class));
        SyncAudit.Target target = new SyncAudit.Target(targetSystem, targetEntity, created,
                exchange.removeProperty(WriteChanges.PROPERTY)); // the first row of a composite write holds them
        if (dryRun) {
            audit.record(flow, change, operation, targetId, beforeHash, sourceHash, SyncAudit.DRY_RUN, targetUpdatedAt,
                    detail, target);
        } else {
            String linking = String.valueOf(m.getHeader(RECORD_LINK));
            if (targetId != null && "forget".equals(linking)) {
                links.recordRecentWrite(targetSystem, targetEntity, targetId, flow, operation, request);
                links.forget(change.source(), change.entity().wire(), change.sourceId(), targetSystem, targetEntity);
            } else if (targetId != null && !"false".equals(linking)) {
                String parent = parentOf(m);
                links.recordWrite(change.source(), change.entity().wire(), change.sourceId(), targetSystem,
                        targetEntity, targetId, parent, sourceHash, change.sourceUpdatedAt(), SyncJson.hash(request));
                links.recordRecentWrite(targetSystem, targetEntity, targetId, flow, operation, request);
            }
            String outcome = SyncAudit.LWW_SOURCE_WON.equals(m.getHeader(OUTCOME)) ? SyncAudit.LWW_SOURCE_WON
                    : SyncAudit.WRITTEN;
            audit.record(flow, change, operation, targetId, beforeHash, sourceHash, outcome, targetUpdatedAt, detail, target);
        }
        m.setBody(answer);
    }

    /** An operation's answer: its body, whether dry run kept it from being sent, the writes a composite reports. */
    record Answer(Object body, boolean dryRun, List<Write> writes) {
    }

    /**
     * Calls one operation route on a fresh exchange (so the flow's own headers stay as they were).
     * Every connector's operation routes answer dry runs themselves (nothing is sent).
     */
    Answer call(String operation, Map<String, Object> headers, Map<String, Object> body) {
        String name = operation.startsWith("direct:") ? operation.substring("direct:".length()) : operation;
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setHeaders(new LinkedHashMap<>(headers));
        ex.getMessage().setBody(body == null ? null : new LinkedHashMap<>(body));
        template.send("direct:" + name, ex);
        if (ex.getException() != null) {
            throw Operations.unwrap(ex.getException());
        }
        Object answer = ex.getMessage().getBody();
        boolean dryRun = Boolean.TRUE.equals(ex.getMessage().getHeader(ApiClient.DRY_RUN_HEADER, Boolean.class))
                || (answer instanceof Map<?, ?> a && Boolean.TRUE.equals(a.get("dryRun")));
        return new Answer(answer, dryRun, Write.of(ex.getMessage().getHeader(Write.HEADER)));
    }

    static String shortName(String operation) {
        int dot = operation.lastIndexOf('.');
        return dot < 0 ? operation : operation.substring(dot + 1);
    }

    static CanonicalChange change(Exchange exchange) {
        CanonicalChange change = exchange.getProperty(InboxConsumer.CHANGE_PROPERTY, CanonicalChange.class);
        if (change == null) {
            throw new IllegalStateException("the sync building blocks run inside a flow started by the sync router "
                    + "(exchange property " + InboxConsumer.CHANGE_PROPERTY + " missing)");
        }
        return change;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> bodyMap(Exchange exchange, String step) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(step + " needs the mapped record as a Map body, not "
                + (body == null ? "null" : body.getClass().getSimpleName()));
    }

    static String flow(Exchange exchange) {
        String flow = exchange.getProperty(SyncRouter.FLOW_PROPERTY, String.class);
        return flow != null ? flow : exchange.getFromRouteId();
    }

    private SyncAudit.Target target(Message m) {
        return new SyncAudit.Target(targetSystem(m), targetEntity(m));
    }

    String targetSystem(Message m) {
        return m.getHeader(TARGET_SYSTEM, settings.hub(), String.class);
    }

    static String targetEntity(Message m) {
        return m.getHeader(TARGET_ENTITY, "contact", String.class);
    }

    /** The record's parent (a task's or note's contact). */
    private static String parentOf(Message m) {
        String parent = m.getHeader(TARGET_PARENT_ID, String.class);
        return parent == null && !targetEntity(m).equals("contact") ? m.getHeader("contactId", String.class) : parent;
    }

    private static void setIfAbsent(Message m, String header, Object value) {
        if (value != null && m.getHeader(header) == null) {
            m.setHeader(header, value);
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
