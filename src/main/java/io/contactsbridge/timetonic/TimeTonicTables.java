package io.contactsbridge.timetonic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsbridge.connector.http.Operations;

/**
 * Smart tables through the operation routes: every row of a table read page by page
 * ({@code getTableValues} with offset/maxRows) and turned from TimeTonic's column-major answer
 * (each field lists {@code {id: rowId, value}}) into rows keyed by field name; rows written by field
 * name or id ({@code createOrUpdateTableRow}, or {@code createOrUpdateTableRows} in batches of
 * {@value #BATCH}).
 */
public final class TimeTonicTables {
    /** Rows per createOrUpdateTableRows call (the official node client's batch size). */
    static final int BATCH = 10;
    /** Prefix of a new row's temporary id. */
    static final String TMP = "tmp";

    /** One field of a table. */
    public record Field(String id, String name, String type) {
    }

    /** One row: its id and its values by field name. */
    public record Row(String id, Map<String, Object> values) {
    }

    /** A whole table as read: its fields and rows in TimeTonic's order. */
    public record Table(String id, String name, List<Field> fields, List<Row> rows) {
        public Optional<Field> field(String nameOrId) {
            return fields.stream().filter(f -> f.name().equalsIgnoreCase(nameOrId) || f.id().equals(nameOrId)).findFirst();
        }
    }

    private final Operations api;
    private final int pageSize;
    private final Map<String, List<Field>> fields = new ConcurrentHashMap<>();

    public TimeTonicTables(Operations api, int pageSize) {
        this.api = api;
        this.pageSize = pageSize;
    }

    /** Every row of a table, {@code pageSize} rows per call. */
    @SuppressWarnings("unchecked")
    public Table read(String tableId) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        List<Field> found = new ArrayList<>();
        String name = null;
        int offset = 0;
        while (true) {
            Map<String, Object> answer = api.callForMap("getTableValues",
                    Map.of("catId", tableId, "offset", offset, "maxRows", pageSize), null);
            if (!(answer.get("tableValues") instanceof Map<?, ?> table)) {
                throw new IllegalStateException("TimeTonic getTableValues answered without tableValues");
            }
            name = String.valueOf(table.get("name"));
            int total = table.get("totalRowCount") instanceof Number n ? n.intValue() : 0;
            int pageRows = 0;
            List<Field> pageFields = new ArrayList<>();
            for (Object f : table.get("fields") instanceof List<?> l ? l : List.of()) {
                Map<String, Object> field = (Map<String, Object>) f;
                Field meta = new Field(String.valueOf(field.get("id")), String.valueOf(field.get("name")),
                        String.valueOf(field.get("type")));
                pageFields.add(meta);
                for (Object v : field.get("values") instanceof List<?> vl ? vl : List.of()) {
                    Map<String, Object> value = (Map<String, Object>) v;
                    String rowId = String.valueOf(value.get("id"));
                    Map<String, Object> row = rows.computeIfAbsent(rowId, k -> new LinkedHashMap<>());
                    row.put(meta.name(), value.containsKey("value") ? value.get("value") : value.get("text"));
                }
            }
            if (found.isEmpty()) {
                found.addAll(pageFields);
            }
            // rows with no value at all still appear in rowInfos
            if (table.get("rowInfos") instanceof Map<?, ?> infos) {
                for (Object id : infos.keySet()) {
                    rows.computeIfAbsent(String.valueOf(id), k -> new LinkedHashMap<>());
                }
                pageRows = infos.size();
            } else {
                pageRows = rows.size() - offset;
            }
            offset += pageSize;
            if (pageRows == 0 || offset >= total) {
                break;
            }
        }
        fields.put(tableId, List.copyOf(found));
        List<Row> out = new ArrayList<>();
        rows.forEach((id, values) -> out.add(new Row(id, values)));
        return new Table(tableId, name, List.copyOf(found), out);
    }

    /** The fields of a table (read once, then kept; {@link #forgetFields} after a "bad field" refusal). */
    public List<Field> fields(String tableId) {
        List<Field> known = fields.get(tableId);
        if (known != null) {
            return known;
        }
        Map<String, Object> answer = api.callForMap("getTableValues", Map.of("catId", tableId, "offset", 0, "maxRows", 1), null);
        List<Field> out = new ArrayList<>();
        if (answer.get("tableValues") instanceof Map<?, ?> table && table.get("fields") instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> field) {
                    out.add(new Field(String.valueOf(field.get("id")), String.valueOf(field.get("name")),
                            String.valueOf(field.get("type"))));
                }
            }
        }
        fields.put(tableId, List.copyOf(out));
        return out;
    }

    public void forgetFields(String tableId) {
        fields.remove(tableId);
    }

    /** Values by field name (or id) -> values by field id; a name the table lacks is an error naming it. */
    public Map<String, Object> byFieldId(String tableId, Map<String, Object> values) {
        List<Field> known = fields(tableId);
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            Field f = known.stream().filter(x -> x.id().equals(k) || x.name().equalsIgnoreCase(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("TimeTonic table " + tableId + " has no field '" + k
                            + "' (check the field map)"));
            out.put(f.id(), v == null ? "" : v);
        });
        return out;
    }

    /** Creates (rowId null) or updates one row; answers the row's id. */
    public Object saveRow(String tableId, String rowId, Map<String, Object> values) {
        String id = rowId == null || rowId.isBlank() ? newRowId() : rowId;
        return api.call("createOrUpdateTableRow",
                Map.of("catId", tableId, "rowId", id, "fieldValues", byFieldId(tableId, values)), null);
    }

    /** Updates (or creates, with a tmp id) many rows, {@value #BATCH} per call; answers the row ids in order. */
    public List<String> saveRows(String tableId, Map<String, Map<String, Object>> rows) {
        List<String> ids = new ArrayList<>();
        List<Map.Entry<String, Map<String, Object>>> all = new ArrayList<>(rows.entrySet());
        for (int from = 0; from < all.size(); from += BATCH) {
            Map<String, Object> batch = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : all.subList(from, Math.min(all.size(), from + BATCH))) {
                batch.put(e.getKey() == null ? newRowId() : e.getKey(), byFieldId(tableId, e.getValue()));
            }
            Map<String, Object> answer = api.callForMap("createOrUpdateTableRows", Map.of("catId", tableId, "rows", batch), null);
            if (answer.get("rows") instanceof List<?> written) {
                written.forEach(r -> ids.add(String.valueOf(r instanceof Map<?, ?> m ? m.get("id") : r)));
            }
        }
        return ids;
    }

    public void deleteRows(String tableId, List<String> rowIds) {
        for (int from = 0; from < rowIds.size(); from += BATCH) {
            api.call("deleteTableRows", Map.of("catId", tableId,
                    "rows", rowIds.subList(from, Math.min(rowIds.size(), from + BATCH))), null);
        }
    }

    /** The id of the row an answer of createOrUpdateTableRow names ({@code rows[0]}), or null. */
    static String rowIdOf(Object answer) {
        if (answer instanceof Map<?, ?> m && m.get("rows") instanceof List<?> rows && !rows.isEmpty()) {
            Object first = rows.get(0);
            return String.valueOf(first instanceof Map<?, ?> r ? r.get("id") : first);
        }
        return null;
    }

    static String newRowId() {
        return TMP + UUID.randomUUID().toString().replace("-", "");
    }
}
