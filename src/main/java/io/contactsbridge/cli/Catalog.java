package io.contactsbridge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.http.ApiOperation;

/**
 * Every action and trigger of every connector, as each connector declares them, with the flows
 * ({@code routes/*.yaml}) that use each: for {@code call --list} (text), {@code catalog --json} and
 * {@code catalog --markdown} (the README's catalog section). Nothing here names a connector.
 */
final class Catalog {
    private Catalog() {
    }

    /** What {@code call} takes as the operation: the hub's operations by their bare id, others qualified. */
    static String callName(Connector c, ApiOperation op) {
        return c.hub() ? op.operationId() : op.qualifiedName();
    }

    static String operationsText(List<Connector> connectors) {
        StringBuilder sb = new StringBuilder();
        for (Connector c : connectors) {
            for (ApiOperation op : c.operations()) {
                sb.append(callName(c, op)).append("  ").append(op.method() == null ? "composite" : op.method() + " " + op.path())
                        .append("  [").append(c.title()).append(op.scope() == null ? "" : ", " + op.scope()).append("]\n");
                sb.append("    ").append(op.description()).append('\n');
                for (ApiOperation.Param p : op.params()) {
                    sb.append("    ").append(p.name()).append(" (").append(p.in().name().toLowerCase()).append(", ")
                            .append(p.type()).append(p.required() && p.defaultKey() == null ? ", required" : ", optional")
                            .append(p.defaultKey() == null ? "" : ", default: configured " + p.defaultKey())
                            .append(") ").append(p.description()).append('\n');
                }
                if (op.pages()) {
                    sb.append("    followPages=true  follow every page (cap: ").append(c.id()).append(".max-pages)\n");
                }
                if (op.hasBody()) {
                    sb.append("    --body FILE|-  JSON ").append(op.bodySchema()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Plain data: {@code {connectors: [{id, title, hub, operations: [..., flows], triggers: [..., flows]}]}}. */
    static Map<String, Object> data(List<Connector> connectors, FlowIndex flows) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Connector c : connectors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("title", c.title());
            m.put("hub", c.hub());
            m.put("operations", c.operations().stream().map(op -> {
                Map<String, Object> o = operation(c, op);
                o.put("flows", flows.using(op));
                return o;
            }).toList());
            m.put("triggers", c.triggers().stream().map(t -> {
                Map<String, Object> o = trigger(t);
                o.put("flows", flows.startedBy(t));
                return o;
            }).toList());
            all.add(m);
        }
        return Map.of("connectors", all);
    }

    private static Map<String, Object> operation(Connector c, ApiOperation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", callName(c, op));
        m.put("operationId", op.operationId());
        m.put("endpoint", op.endpoint());
        m.put("routeId", op.routeId());
        m.put("method", op.method() == null ? "composite" : op.method());
        m.put("path", op.path());
        m.put("scope", op.scope());
        m.put("writes", op.write());
        m.put("creates", op.create());
        m.put("pages", op.pages());
        m.put("body", op.bodySchema());
        m.put("description", op.description());
        m.put("params", op.params().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("in", p.in().name().toLowerCase());
            pm.put("type", p.type());
            pm.put("required", p.required() && p.defaultKey() == null);
            pm.put("default", p.defaultKey() == null ? null : "configured " + p.defaultKey());
            pm.put("description", p.description());
            return pm;
        }).toList());
        return m;
    }

    private static Map<String, Object> trigger(Trigger t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", t.kind());
        m.put("id", t.id());
        m.put("entity", t.entity());
        m.put("actions", t.actions());
        m.put("description", t.description());
        return m;
    }

    static String markdown(List<Connector> connectors, FlowIndex flows) {
        StringBuilder sb = new StringBuilder("## Catalog\n\nEvery action and trigger of every connector, with the flows"
                + " (`routes/*.yaml`) that use each. Generated by `java -jar target/contacts-bridge.jar catalog --markdown`"
                + " from the connectors and the flows; `CatalogReadmeTest` fails when this section differs.\n");
        for (Connector c : connectors) {
            sb.append("\n### ").append(c.title()).append(" (`").append(c.id()).append("`)\n\n#### Actions\n\n")
                    .append("| call | HTTP | parameters | what it does | flows |\n| --- | --- | --- | --- | --- |\n");
            for (ApiOperation op : c.operations()) {
                List<String> params = new ArrayList<>();
                op.params().forEach(p -> params.add("`" + p.name() + "`" + (p.required() && p.defaultKey() == null ? "" : "?")));
                if (op.hasBody()) {
                    params.add("body `" + op.bodySchema() + "`");
                }
                sb.append("| `").append(callName(c, op)).append("` | ")
                        .append(op.method() == null ? "composite" : op.method() + " `" + op.path() + "`").append(" | ")
                        .append(String.join(", ", params)).append(" | ").append(cell(op.description()))
                        .append(" | ").append(flowList(flows.using(op))).append(" |\n");
            }
            if (!c.triggers().isEmpty()) {
                sb.append("\n#### Triggers\n\n| kind | trigger | entity | actions | | flows |\n| --- | --- | --- | --- | --- | --- |\n");
                for (Trigger t : c.triggers()) {
                    sb.append("| ").append(t.kind()).append(" | `").append(t.id()).append("` | ").append(t.entity())
                            .append(" | ").append(String.join(", ", t.actions())).append(" | ")
                            .append(cell(t.description())).append(" | ").append(flowList(flows.startedBy(t))).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static String flowList(List<String> flows) {
        return flows.isEmpty() ? "–" : String.join(", ", flows.stream().map(f -> "`" + f + "`").toList());
    }
}
