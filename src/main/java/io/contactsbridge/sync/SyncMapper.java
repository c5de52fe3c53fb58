package io.contactsbridge.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field mapping for flows, bound as {@code syncMap}, so a mapping is edited in the YAML flow:
 * <pre>
 * - setBody:
 *     simple: "${bean:syncMap?method=map(${body}, 'companyName = name; email = email; tags = [toggl-client]')}"
 * </pre>
 * Each {@code target = source} pair copies a field (dotted paths read nested maps); a quoted
 * value ({@code 'text'}) is a constant, {@code [a, b]} a constant list. Source fields that are
 * missing or null are left out, so they never blank a field on the other side.
 */
public class SyncMapper {

    public Map<String, Object> map(Map<String, Object> source, String spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        for (String pair : spec.split("[;\\n]")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("mapping '" + p + "' is not 'target = source'");
            }
            String target = p.substring(0, eq).trim();
            String expr = p.substring(eq + 1).trim();
            Object value = evaluate(source, expr);
            if (value != null) {
                out.put(target, value);
            }
        }
        return out;
    }

    static Object evaluate(Map<String, Object> source, String expr) {
        if (expr.length() >= 2 && (expr.startsWith("'") && expr.endsWith("'") || expr.startsWith("\"") && expr.endsWith("\""))) {
            return expr.substring(1, expr.length() - 1);
        }
        if (expr.startsWith("[") && expr.endsWith("]")) {
            List<Object> list = new ArrayList<>();
            for (String item : expr.substring(1, expr.length() - 1).split(",")) {
                String i = item.trim();
                if (!i.isEmpty()) {
                    list.add(i.replaceAll("^['\"]|['\"]$", ""));
                }
            }
            return list;
        }
        Object current = source;
        for (String part : expr.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(part);
        }
        return current;
    }
}
