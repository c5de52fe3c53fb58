package io.contactsbridge.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.api.ApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The building blocks flows call (as {@code direct:sync.decide}, {@code direct:sync.write-contact},
 * {@code direct:sync.write}, {@code direct:sync.delete}): decide whether to write, write through the
 * operation routes, and record link, hashes, recent write and audit. Headers in and out are named
 * by the constants below; the contract is in the package's README section of the report.
 */
public class SyncSteps {
    public static final List<String> DELETE_POLICIES = List.of("delete", "archive-tag", "ignore");

    // set by the flow
    public static final String TARGET_SYSTEM = "syncTargetSystem";
    public static final String TARGET_ENTITY = "syncTargetEntity";
    public static final String OPERATION = "syncOperation";
    public static final String DELETE_POLICY = "syncDeletePolicy";
    public static final String ARCHIVE_TAG = "syncArchiveTag";
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
    /** Set by the Contacts API operation routes when bridge.dry-run kept a write from being sent. */
    public static final String CONTACTS_DRY_RUN = "ContactsDryRun";

    /** Contact fields the upsert answer is compared on (scalar fields of the contact schema, and tags). */
    static final Set<String> COMPARED_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "companyName", "address1", "city", "state", "postalCode", "country", "website", "timezone", "dnd",
            "source", "assignedTo", "dateOfBirth", "tags");

    private final CamelContext context;
    private final SyncLinks links;
    private final SyncAudit audit;
    private final SyncSettings settings;
    private final ProducerTemplate template;
    private final InFlightCreates inFlight;

    public SyncSteps(CamelContext context, SyncLinks links, SyncAudit audit, SyncSettings settings) {
        this(context, links, audit, settings, new InFlightCreates());
    }

    public SyncSteps(CamelContext context, SyncLinks links, SyncAudit audit, SyncSettings settings,
                     InFlightCreates inFlight) {
        this.inFlight = inFlight;
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
        String targetSystem = targetSystem(m);
        String targetEntity = targetEntity(m);
        String hash = SyncJson.hash(body);
        SyncLinks.Link link = links.find(change.source(), change.entity().wire(), change.sourceId(), targetSystem,
                targetEntity);
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
            audit.record(flow(exchange), change, null, link.targetId(), link.sourceHash(), hash,
                    SyncAudit.SKIPPED_UNCHANGED, null, null);
            return;
        }
        if (link != null && link.targetChangedSinceOurWrite()) {
            Instant target = link.targetUpdatedAt();
            m.setHeader(TARGET_UPDATED_AT, target.toString());
            if (change.sourceUpdatedAt() != null && change.sourceUpdatedAt().isBefore(target)) {
                skip(m, SyncAudit.LWW_TARGET_WON);
                audit.record(flow(exchange), change, null, link.targetId(), link.sourceHash(), hash,
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

    private static void skip(Message m, String outcome) {
        m.setHeader(DECISION, SKIP);
        m.setHeader(OUTCOME, outcome);
    }

    // --- write a contact -----------------------------------------------------------------------

    /**
     * Writes the mapped contact in the body: update-contact when the link knows the contact;
     * otherwise a contact with the same e-mail (then phone) is looked up with get-duplicate-contact
     * and updated, and only when there is none upsert-contact creates it. The upsert's answer is
     * compared field by field and what did not stick is sent again with update-contact.
     */
    public void writeContact(Exchange exchange) {
        Message m = exchange.getMessage();
        Map<String, Object> request = bodyMap(exchange, "direct:sync.write-contact");
        m.setHeader(TARGET_SYSTEM, SyncLinks.HUB);
        m.setHeader(TARGET_ENTITY, "contact");
        String contactId = m.getHeader(TARGET_ID, String.class);
        String detail = null;
        if (contactId != null) {
            try {
                Answer a = updateContact(contactId, request);
                record(exchange, "update-contact", contactId, request, a, null);
                return;
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                detail = "linked contact " + contactId + " no longer exists; ";
                contactId = null;
                m.removeHeader(TARGET_ID);
            }
        }
        String matchedBy = null;
        for (String[] key : new String[][] {{"email", "email"}, {"phone", "number"}}) {
            Object value = request.get(key[0]);
            if (value != null && !value.toString().isBlank()) {
                contactId = findDuplicate(key[1], value.toString());
                if (contactId != null) {
                    matchedBy = key[0];
                    break;
                }
            }
        }
        if (contactId != null) {
            m.setHeader(TARGET_ID, contactId);
            Answer a = updateContact(contactId, request);
            record(exchange, "update-contact", contactId, request, a, (detail == null ? "" : detail)
                    + "matched existing contact by " + matchedBy);
            return;
        }
        Answer a;
        Map<String, Object> contact;
        long ticket = inFlight.begin(SyncLinks.HUB);
        try {
            a = call("contacts.upsert-contact", Map.of(), request);
            contact = a.map("contact");
            contactId = contact == null ? null : (String) contact.get("id");
            if (contactId != null) {
                m.setHeader(TARGET_ID, contactId);
            }
            record(exchange, "upsert-contact", contactId, request, a, detail);
        } finally {
            inFlight.end(SyncLinks.HUB, ticket);
        }
        if (contactId != null && !a.dryRun()) {
            Map<String, Object> missing = notKept(request, contact);
            if (!missing.isEmpty()) {
                Answer fix = call("contacts.update-contact", Map.of("contactId", contactId), missing);
                record(exchange, "update-contact", contactId, request, fix,
                        "upsert did not keep " + String.join(", ", missing.keySet()));
            }
        }
    }

    /**
     * update-contact replaces a contact's tags with the ones sent, which would drop the tags people
     * gave it in HighLevel: the update goes without tags, and only tags the answer lacks are added
     * (add-tags adds, never removes).
     */
    private Answer updateContact(String contactId, Map<String, Object> request) {
        Map<String, Object> fields = new LinkedHashMap<>(request);
        Object tags = fields.remove("tags");
        Answer a = call("contacts.update-contact", Map.of("contactId", contactId), fields);
        if (tags instanceof List<?> wanted && !wanted.isEmpty() && !a.dryRun()) {
            Map<String, Object> contact = a.map("contact");
            Object had = contact == null ? null : contact.get("tags");
            if (!EchoDetector.valueCovers(had, wanted, "tags")) {
                call("contacts.add-tags", Map.of("contactId", contactId), Map.of("tags", wanted));
            }
        }
        return a;
    }

    private String findDuplicate(String param, String value) {
        try {
            Answer a = call("contacts.get-duplicate-contact", Map.of(param, value), null);
            Map<String, Object> contact = a.map("contact");
            Object id = contact == null ? null : contact.get("id");
            return id == null ? null : id.toString();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The fields of the request the returned contact does not hold (tags: the union to send). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> notKept(Map<String, Object> request, Map<String, Object> contact) {
        Map<String, Object> missing = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : request.entrySet()) {
            String k = e.getKey();
            if (!COMPARED_CONTACT_FIELDS.contains(k) || e.getValue() == null) {
                continue;
            }
            if (!EchoDetector.valueCovers(contact.get(k), e.getValue(), k)) {
                if (k.equals("tags") && contact.get(k) instanceof List<?> had && e.getValue() instanceof List<?> want) {
                    Set<Object> union = new LinkedHashSet<>((List<Object>) had);
                    union.addAll(want);
                    missing.put(k, new ArrayList<>(union));
                } else {
                    missing.put(k, e.getValue());
                }
            }
        }
        return missing;
    }

    // --- any write ----------------------------------------------------------------------------

    /**
     * Calls the operation route named by {@code syncOperation} ({@code contacts.create-task}) with
     * the message's headers and body, then records link, recent write and audit. The body becomes
     * the operation's answer; {@code syncTargetId} the written record's id.
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
        // a create's echo may come back before it answers: SyncRouter waits for it (InFlightCreates)
        String system = shortName(operation).startsWith("create-") ? targetSystem(m) : null;
        long ticket = system == null ? 0 : inFlight.begin(system);
        try {
            Answer a = call(operation, headers, request);
            String targetId = m.getHeader(TARGET_ID, String.class);
            if (targetId == null) {
                targetId = idOf(a.body());
            }
            if (targetId != null) {
                m.setHeader(TARGET_ID, targetId);
            }
            record(exchange, shortName(operation), targetId, request, a, null);
        } finally {
            if (system != null) {
                inFlight.end(system, ticket);
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

    // --- delete -------------------------------------------------------------------------------

    /**
     * Applies the delete policy ({@code syncDeletePolicy}: delete | archive-tag | ignore, default
     * {@code bridge.sync.delete-policy}) to the record linked to the deleted source record.
     */
    public void delete(Exchange exchange) {
        CanonicalChange change = change(exchange);
        Message m = exchange.getMessage();
        String policy = m.getHeader(DELETE_POLICY, settings.deletePolicy(), String.class);
        if (!DELETE_POLICIES.contains(policy)) {
            throw new IllegalArgumentException(DELETE_POLICY + " must be one of " + DELETE_POLICIES + ", not '" + policy + "'");
        }
        String tag = m.getHeader(ARCHIVE_TAG, settings.archiveTag(), String.class);
        String targetSystem = targetSystem(m);
        String targetEntity = targetEntity(m);
        String flow = flow(exchange);
        SyncLinks.Link link = links.find(change.source(), change.entity().wire(), change.sourceId(), targetSystem,
                targetEntity);
        if (policy.equals("ignore")) {
            skip(m, SyncAudit.SKIPPED_POLICY);
            audit.record(flow, change, null, link == null ? null : link.targetId(), null, null, SyncAudit.SKIPPED_POLICY,
                    null, "delete policy ignore");
            return;
        }
        if (link == null || link.targetId() == null) {
            skip(m, SyncAudit.SKIPPED_NO_LINK);
            audit.record(flow, change, null, null, null, null, SyncAudit.SKIPPED_NO_LINK, null,
                    "nothing linked to the deleted record");
            return;
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("deleted", policy);
        if (policy.equals("archive-tag")) {
            marker.put("tag", tag);
        }
        String markerHash = SyncJson.hash(marker);
        m.setHeader(HASH, markerHash);
        m.setHeader(TARGET_ID, link.targetId());
        if (link.targetParentId() != null) {
            m.setHeader(TARGET_PARENT_ID, link.targetParentId());
        }
        if (markerHash.equals(link.sourceHash())) {
            skip(m, SyncAudit.SKIPPED_UNCHANGED);
            audit.record(flow, change, null, link.targetId(), link.sourceHash(), markerHash,
                    SyncAudit.SKIPPED_UNCHANGED, null, "already " + policy);
            return;
        }
        m.setHeader(DECISION, WRITE);
        m.setHeader(OUTCOME, SyncAudit.WRITTEN);
        if (policy.equals("archive-tag")) {
            if (!targetEntity.equals("contact")) {
                skip(m, SyncAudit.SKIPPED_POLICY);
                audit.record(flow, change, null, link.targetId(), null, null, SyncAudit.SKIPPED_POLICY, null,
                        "archive-tag applies to contacts only; use delete or ignore for " + targetEntity);
                return;
            }
            Map<String, Object> request = Map.of("tags", List.of(tag));
            Answer a = call("contacts.add-tags", Map.of("contactId", link.targetId()), request);
            record(exchange, "add-tags", link.targetId(), request, a, "archived with tag " + tag);
            return;
        }
        String operation;
        Map<String, Object> path = new LinkedHashMap<>();
        switch (targetEntity) {
            case "contact" -> {
                operation = "delete-contact";
                path.put("contactId", link.targetId());
            }
            case "task" -> {
                operation = "delete-task";
                path.put("contactId", link.targetParentId());
                path.put("taskId", link.targetId());
            }
            case "note" -> {
                operation = "delete-note";
                path.put("contactId", link.targetParentId());
                path.put("id", link.targetId());
            }
            default -> throw new IllegalArgumentException("no delete operation for target entity " + targetEntity);
        }
        Answer a;
        try {
            a = call(targetSystem.equals(SyncLinks.HUB) ? "contacts." + operation : targetSystem + "." + operation,
                    path, null);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            a = new Answer(Map.of("alreadyGone", true), false);
        }
        if (a.dryRun()) {
            audit.record(flow, change, operation, link.targetId(), link.sourceHash(), markerHash, SyncAudit.DRY_RUN,
                    null, null);
            return;
        }
        links.recordRecentWrite(targetSystem, targetEntity, link.targetId(), flow, operation, Map.of());
        links.forget(change.source(), change.entity().wire(), change.sourceId(), targetSystem, targetEntity);
        audit.record(flow, change, operation, link.targetId(), link.sourceHash(), markerHash, SyncAudit.WRITTEN, null,
                a.body() instanceof Map<?, ?> b && b.containsKey("alreadyGone") ? "already deleted" : null);
    }

    // --- shared -------------------------------------------------------------------------------

    /** Records a write: link (both hashes and times), recent write for echo suppression, audit. */
    private void record(Exchange exchange, String operation, String targetId, Map<String, Object> request, Answer a,
                        String detail) {
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
        if (a.dryRun()) {
            audit.record(flow, change, operation, targetId, beforeHash, sourceHash, SyncAudit.DRY_RUN, targetUpdatedAt,
                    detail);
        } else {
            if (targetId != null) {
                String parent = m.getHeader(TARGET_PARENT_ID, String.class);
                if (parent == null && !targetEntity.equals("contact")) {
                    parent = m.getHeader("contactId", String.class);
                }
                links.recordWrite(change.source(), change.entity().wire(), change.sourceId(), targetSystem,
                        targetEntity, targetId, parent, sourceHash, change.sourceUpdatedAt(), SyncJson.hash(request));
                links.recordRecentWrite(targetSystem, targetEntity, targetId, flow, operation, request);
            }
            String outcome = SyncAudit.LWW_SOURCE_WON.equals(m.getHeader(OUTCOME)) ? SyncAudit.LWW_SOURCE_WON
                    : SyncAudit.WRITTEN;
            audit.record(flow, change, operation, targetId, beforeHash, sourceHash, outcome, targetUpdatedAt, detail);
        }
        m.setBody(a.body());
    }

    record Answer(Object body, boolean dryRun) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map(String key) {
            return body instanceof Map<?, ?> b && b.get(key) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : null;
        }
    }

    /**
     * Calls one operation route on a fresh exchange (so the flow's own headers stay as they were).
     * With bridge.dry-run on, routes other than the Contacts API's (which answer dry runs themselves)
     * are not called at all.
     */
    Answer call(String operation, Map<String, Object> headers, Map<String, Object> body) {
        String name = operation.startsWith("direct:") ? operation.substring("direct:".length()) : operation;
        if (settings.dryRun() && !name.startsWith("contacts.")) {
            return new Answer(Map.of("dryRun", true, "operation", name), true);
        }
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setHeaders(new LinkedHashMap<>(headers));
        ex.getMessage().setBody(body == null ? null : new LinkedHashMap<>(body));
        template.send("direct:" + name, ex);
        if (ex.getException() != null) {
            Throwable e = InboxConsumer.unwrap(ex.getException());
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        Object answer = ex.getMessage().getBody();
        boolean dryRun = Boolean.TRUE.equals(ex.getMessage().getHeader(CONTACTS_DRY_RUN, Boolean.class))
                || (answer instanceof Map<?, ?> a && Boolean.TRUE.equals(a.get("dryRun")));
        return new Answer(answer, dryRun);
    }

    static String shortName(String operation) {
        int dot = operation.lastIndexOf('.');
        return dot < 0 ? operation : operation.substring(dot + 1);
    }

    private static CanonicalChange change(Exchange exchange) {
        CanonicalChange change = exchange.getProperty(InboxConsumer.CHANGE_PROPERTY, CanonicalChange.class);
        if (change == null) {
            throw new IllegalStateException("the sync building blocks run inside a flow started by the sync router "
                    + "(exchange property " + InboxConsumer.CHANGE_PROPERTY + " missing)");
        }
        return change;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bodyMap(Exchange exchange, String step) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(step + " needs the mapped record as a Map body, not "
                + (body == null ? "null" : body.getClass().getSimpleName()));
    }

    private static String flow(Exchange exchange) {
        String flow = exchange.getProperty(SyncRouter.FLOW_PROPERTY, String.class);
        return flow != null ? flow : exchange.getFromRouteId();
    }

    private static String targetSystem(Message m) {
        return m.getHeader(TARGET_SYSTEM, SyncLinks.HUB, String.class);
    }

    private static String targetEntity(Message m) {
        return m.getHeader(TARGET_ENTITY, "contact", String.class);
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
