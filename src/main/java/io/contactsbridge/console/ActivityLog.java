package io.contactsbridge.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.sync.SyncAudit;

/**
 * The activity log: recent audit rows (what changed where, from which event, and the decision),
 * filtered by connector, flow and outcome, or every row about one record. Each side of a change
 * links to the record's history here and, where the connector has one, to its page in the
 * vendor's app ({@link Connector#recordLink}). Details are masked for personal data.
 */
final class ActivityLog {
    static final int ROWS = 50;
    private final SyncAudit audit;
    private final List<Connector> connectors;
    private final Settings settings;
    /** {@code <namespace>.<operationId>} -> the connector that serves it. */
    private final Map<String, Connector> operationOwners = new HashMap<>();

    /** Makes the log per request, with the audit bean as it is bound then. */
    record Factory(List<Connector> connectors, Settings settings) {
        ActivityLog create(SyncAudit audit) {
            return new ActivityLog(audit, connectors, settings);
        }

        List<String> connectorIds() {
            return connectors.stream().map(Connector::id).toList();
        }

        /** The flows running now (routes started by {@code direct:flow.*}) and the router's own decisions. */
        List<String> flows(org.apache.camel.CamelContext context) {
            java.util.TreeSet<String> ids = new java.util.TreeSet<>();
            for (org.apache.camel.Route r : context.getRoutes()) {
                String uri = r.getEndpoint().getEndpointUri();
                if (uri.startsWith("direct://flow.") || uri.startsWith("direct:flow.")) {
                    ids.add(r.getRouteId());
                }
            }
            ids.add("sync.router");
            return List.copyOf(ids);
        }
    }

    /** The filters of the activity log; blank means any. {@code record} is {@code source:entity:id}. */
    record Filter(String connector, String flow, String outcome, String record) {
        static Filter of(java.util.function.Function<String, String> params) {
            return new Filter(clean(params.apply("connector")), clean(params.apply("flow")), clean(params.apply("outcome")),
                    clean(params.apply("record")));
        }

        private static String clean(String v) {
            return v == null || v.isBlank() ? null : v.trim();
        }

        String query() {
            StringBuilder sb = new StringBuilder();
            add(sb, "connector", connector);
            add(sb, "flow", flow);
            add(sb, "outcome", outcome);
            add(sb, "record", record);
            return sb.toString();
        }

        private static void add(StringBuilder sb, String name, String value) {
            if (value != null) {
                sb.append(sb.length() == 0 ? "?" : "&").append(name).append('=').append(Html.url(value));
            }
        }
    }

    /** One side of a change: the system and id, the vendor's page when there is one. */
    record Side(String system, String entity, String id, String vendorLink) {
        String historyKey() {
            return system + ":" + entity + ":" + id;
        }
    }

    record Row(SyncAudit.Entry entry, Side source, Side target, String detail) {
    }

    ActivityLog(SyncAudit audit, List<Connector> connectors, Settings settings) {
        this.audit = audit;
        this.connectors = List.copyOf(connectors);
        this.settings = settings;
        for (Connector c : connectors) {
            for (ApiOperation op : c.operations()) {
                operationOwners.put(op.qualifiedName(), c);
                if (c.hub()) {
                    operationOwners.putIfAbsent(op.operationId(), c); // flows name the hub's operations by their bare id
                }
            }
        }
    }

    List<Row> rows(Filter f) {
        List<SyncAudit.Entry> entries;
        if (f.record() != null && f.record().split(":", 3).length == 3) {
            String[] r = f.record().split(":", 3);
            entries = new java.util.ArrayList<>(audit.forRecord(r[0], r[1], r[2]));
            java.util.Collections.reverse(entries);
        } else {
            Connector c = f.connector() == null ? null : connector(f.connector());
            List<String> namespaces = c == null ? List.of()
                    : c.operations().stream().map(ApiOperation::namespace).distinct().toList();
            entries = audit.recent(ROWS, f.connector(), namespaces, f.flow(), f.outcome());
        }
        return entries.stream().limit(ROWS).map(this::row).toList();
    }

    private Row row(SyncAudit.Entry e) {
        Side source = e.sourceId() == null ? null : new Side(e.source(), e.entity(), e.sourceId(),
                link(connector(e.source()), e.entity(), e.sourceId()));
        Side target = null;
        if (e.targetId() != null) {
            Connector owner = e.operation() == null ? null : operationOwners.get(e.operation());
            String entity = targetEntity(e.operation());
            target = new Side(owner == null ? null : owner.id(), entity, e.targetId(), link(owner, entity, e.targetId()));
        }
        return new Row(e, source, target, PersonalData.mask(e.detail()));
    }

    private Connector connector(String id) {
        return connectors.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    private String link(Connector c, String entity, String id) {
        if (c == null || entity == null) {
            return null;
        }
        try {
            Optional<String> link = c.recordLink(settings, entity, id);
            return link.orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code toggl.create-task} -> {@code task}, {@code contacts.upsert-contact} -> {@code contact}. */
    static String targetEntity(String operation) {
        if (operation == null) {
            return null;
        }
        String op = operation.substring(operation.indexOf('.') + 1);
        op = op.replaceFirst("^(create|update|upsert|delete|archive|add|remove|put|patch|set)-", "");
        if (op.endsWith("ies")) {
            return op.substring(0, op.length() - 3) + "y";
        }
        return op.endsWith("s") && !op.endsWith("ss") ? op.substring(0, op.length() - 1) : op;
    }
}
