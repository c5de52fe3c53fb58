package io.contactsbridge.sandbox.timetonic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox book's smart tables in memory: each table has fields (id, name, type) and rows
 * (row id -> values by field id). A field of type {@value #MODIFIED_TYPE} is set by the book itself
 * whenever its row changes (epoch millis). Not thread-safe: {@link TimeTonicApi} locks it.
 */
final class TimeTonicBook {
    static final String MODIFIED_TYPE = "modifiedDate";

    record Field(long id, String name, String type) {
    }

    static final class Table {
        final long id;
        final String name;
        final List<Field> fields = new ArrayList<>();
        final Map<Long, Map<Long, Object>> rows = new LinkedHashMap<>();

        Table(long id, String name) {
            this.id = id;
            this.name = name;
        }

        Field field(String nameOrId) {
            for (Field f : fields) {
                if (String.valueOf(f.id()).equals(nameOrId) || f.name().equalsIgnoreCase(nameOrId)) {
                    return f;
                }
            }
            return null;
        }
    }

    private final Map<Long, Table> tables = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(7000);
    private Clock clock;

    TimeTonicBook(Clock clock) {
        this.clock = clock;
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    Table addTable(long id, String name, List<String[]> fields) {
        Table t = new Table(id, name);
        for (String[] f : fields) {
            t.fields.add(new Field(ids.incrementAndGet(), f[0], f[1]));
        }
        tables.put(id, t);
        return t;
    }

    Map<Long, Table> tables() {
        return tables;
    }

    Table table(long id) {
        return tables.get(id);
    }

    /** Writes values (by field id) to a row, creating it when {@code rowId} is null; answers the row id. */
    long write(Table table, Long rowId, Map<Long, Object> values) {
        long id = rowId == null ? ids.incrementAndGet() : rowId;
        Map<Long, Object> row = table.rows.computeIfAbsent(id, k -> new LinkedHashMap<>());
        row.putAll(values);
        for (Field f : table.fields) {
            if (MODIFIED_TYPE.equals(f.type())) {
                row.put(f.id(), clock.millis());
            }
        }
        return id;
    }

    void clear() {
        tables.values().forEach(t -> t.rows.clear());
    }
}
