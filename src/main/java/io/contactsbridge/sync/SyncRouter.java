package io.contactsbridge.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.CanonicalChange;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-based router: sends a canonical change to every flow for its source and entity
 * ({@code direct:flow.<source>.<entity>}, or {@code direct:flow.<source>.<entity>.<name>} when
 * several flows read the same records); the flow's own choice branches on the action. Before that
 * it drops the echo of our own write and notes, for last-write-wins, that the record changed.
 */
public class SyncRouter {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRouter.class);
    public static final String FLOW_PREFIX = "flow.";
    public static final String FLOW_PROPERTY = "syncFlow";

    public static final String SOURCE = "syncSource";
    public static final String ENTITY = "syncEntity";
    public static final String ACTION = "syncAction";
    public static final String SOURCE_ID = "syncSourceId";
    public static final String EVENT_ID = "syncEventId";
    public static final String SOURCE_UPDATED_AT = "syncSourceUpdatedAt";

    private final CamelContext context;
    private final SyncLinks links;
    private final SyncAudit audit;
    private final EchoDetector echoes;
    private final InFlightWrites inFlight;
    private final ProducerTemplate template;

    public SyncRouter(CamelContext context, SyncLinks links, SyncAudit audit, EchoDetector echoes) {
        this(context, links, audit, echoes, new InFlightWrites());
    }

    public SyncRouter(CamelContext context, SyncLinks links, SyncAudit audit, EchoDetector echoes,
                      InFlightWrites inFlight) {
        this.inFlight = inFlight;
        this.context = context;
        this.links = links;
        this.audit = audit;
        this.echoes = echoes;
        this.template = context.createProducerTemplate();
    }

    public void route(Exchange exchange) {
        CanonicalChange change = exchange.getProperty(InboxConsumer.CHANGE_PROPERTY, CanonicalChange.class);
        if (change == null) {
            throw new IllegalArgumentException("direct:sync.router needs the exchange property "
                    + InboxConsumer.CHANGE_PROPERTY);
        }
        // it may be the echo of a write of ours that has not answered yet: let it be recorded first
        try {
            if (change.action() == CanonicalChange.Action.CREATED) {
                inFlight.awaitCurrent(change.source());
            }
            inFlight.awaitRecord(change.source(), change.sourceId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for our own writes", e);
        }
        EchoDetector.Echo echo = echoes.find(change);
        if (echo != null) {
            LOG.debug("{} is the echo of our {} at {}", change.eventId(), echo.operation(), echo.writtenAt());
            audit.record("sync.router", change, echo.operation(), change.sourceId(), null, echo.contentHash(),
                    SyncAudit.SKIPPED_ECHO, null, "echo of our " + echo.operation() + " at " + echo.writtenAt());
            return;
        }
        change = fillParent(change);
        // someone else changed this record: last-write-wins compares the other side with this time
        links.noteTargetChanged(change.source(), change.sourceId(), change.sourceUpdatedAt());
        List<Flow> flows = flowsFor(change);
        if (flows.isEmpty()) {
            audit.record(null, change, null, null, null, null, SyncAudit.SKIPPED_NO_FLOW, null,
                    "no route consumes direct:" + FLOW_PREFIX + change.source() + "." + change.entity().wire());
            return;
        }
        for (Flow flow : flows) {
            Exchange ex = new DefaultExchange(context);
            ex.setProperty(InboxConsumer.CHANGE_PROPERTY, change);
            ex.setProperty(FLOW_PROPERTY, flow.routeId());
            Message m = ex.getMessage();
            m.setHeader(SOURCE, change.source());
            m.setHeader(ENTITY, change.entity().wire());
            m.setHeader(ACTION, change.action().wire());
            m.setHeader(SOURCE_ID, change.sourceId());
            m.setHeader(EVENT_ID, change.eventId());
            if (change.sourceUpdatedAt() != null) {
                m.setHeader(SOURCE_UPDATED_AT, change.sourceUpdatedAt().toString());
            }
            m.setBody(new LinkedHashMap<>(change.fields()));
            template.send(flow.uri(), ex);
            if (ex.getException() != null) {
                Exception e = ex.getException();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Field listing what a webhook lacked (HighLevel TaskCreate without contactId, issue #332). */
    static final String MISSING_FIELDS = "_missing";

    /**
     * A task or note event without its contact: when we wrote that task or note, the link knows the
     * contact; otherwise the change goes on as it came (the flow decides).
     */
    CanonicalChange fillParent(CanonicalChange change) {
        if (!(change.fields().get(MISSING_FIELDS) instanceof java.util.Collection<?> missing)
                || !missing.contains("contactId")) {
            return change;
        }
        for (SyncLinks.Link link : links.pointingTo(change.source(), change.sourceId())) {
            if (link.targetParentId() != null) {
                Map<String, Object> fields = new LinkedHashMap<>(change.fields());
                fields.put("contactId", link.targetParentId());
                List<Object> still = new ArrayList<>(missing);
                still.remove("contactId");
                if (still.isEmpty()) {
                    fields.remove(MISSING_FIELDS);
                } else {
                    fields.put(MISSING_FIELDS, still);
                }
                return new CanonicalChange(change.source(), change.entity(), change.action(), change.sourceId(), fields,
                        change.sourceUpdatedAt(), change.eventId());
            }
        }
        return change;
    }

    public record Flow(String routeId, String uri) {
    }

    /** The flows that read this change, found among the running routes (YAML flows reload at run time). */
    public List<Flow> flowsFor(CanonicalChange change) {
        Set<String> names = new java.util.LinkedHashSet<>(List.of(change.entity().wire(), change.entity().wire().replace('_', '-')));
        List<Flow> out = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            String key = endpointKey(uri);
            if (key == null) {
                continue;
            }
            for (String entity : names) {
                String base = FLOW_PREFIX + change.source() + "." + entity;
                if (key.equals(base) || key.startsWith(base + ".")) {
                    out.add(new Flow(route.getRouteId(), "direct:" + key));
                    break;
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Flow::routeId));
        return out;
    }

    private static String endpointKey(String uri) {
        String u = uri;
        if (u.startsWith("direct://")) {
            u = u.substring("direct://".length());
        } else if (u.startsWith("direct:")) {
            u = u.substring("direct:".length());
        } else {
            return null;
        }
        int q = u.indexOf('?');
        return q < 0 ? u : u.substring(0, q);
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
