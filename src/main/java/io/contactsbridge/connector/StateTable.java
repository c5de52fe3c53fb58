package io.contactsbridge.connector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;

/**
 * A connector's small state in the store (table {@code connector_state}): one JSON document per
 * (kind, record id), such as the project names a flow needs to notice a rename. Kept in the database
 * so a restart, or another replica, finds what the flows learnt; in memory only where the bridge has
 * no store (the command line).
 */
public final class StateTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String connector;
    private final Supplier<DataSource> source;
    private volatile DataSource dataSource;
    private volatile boolean resolved;
    private final Map<String, Map<String, Object>> memory = new ConcurrentHashMap<>();

    public StateTable(String connector, DataSource dataSource) {
        this(connector, () -> dataSource);
    }

    private StateTable(String connector, Supplier<DataSource> source) {
        this.connector = connector;
        this.source = source;
    }

    /**
     * The connector's state in the bridge's store ({@link KitBeans#DATA_SOURCE}, looked up at first use),
     * else in memory.
     */
    public static StateTable of(CamelContext context, String connector) {
        return new StateTable(connector, () -> context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class));
    }

    private DataSource store() {
        if (!resolved) {
            dataSource = source.get();
            resolved = true;
        }
        return dataSource;
    }

    public Map<String, Object> get(String kind, String id) {
        if (store() == null) {
            Map<String, Object> m = memory.get(kind + "/" + id);
            return m == null ? null : new LinkedHashMap<>(m);
        }
        List<Map<String, Object>> rows = query("SELECT data FROM connector_state WHERE connector = ? AND kind = ? AND record_id = ?",
                connector, kind, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Every record of a kind. */
    public List<Map<String, Object>> all(String kind) {
        if (store() == null) {
            List<Map<String, Object>> out = new ArrayList<>();
            memory.forEach((k, v) -> {
                if (k.startsWith(kind + "/")) {
                    out.add(new LinkedHashMap<>(v));
                }
            });
            return out;
        }
        return query("SELECT data FROM connector_state WHERE connector = ? AND kind = ? ORDER BY record_id", connector, kind);
    }

    /** Stores the record (replacing what was there); answers what was there, or null. */
    public synchronized Map<String, Object> put(String kind, String id, Map<String, Object> data) {
        Map<String, Object> before = get(kind, id);
        if (store() == null) {
            memory.put(kind + "/" + id, new LinkedHashMap<>(data));
            return before;
        }
        String json = json(data);
        Timestamp now = Timestamp.from(Instant.now());
        if (update("UPDATE connector_state SET data = ?, updated_at = ? WHERE connector = ? AND kind = ? AND record_id = ?",
                json, now, connector, kind, id) == 0) {
            try {
                update("INSERT INTO connector_state (connector, kind, record_id, data, updated_at) VALUES (?, ?, ?, ?, ?)",
                        connector, kind, id, json, now);
            } catch (IllegalStateException e) {
                // another replica inserted it first
                update("UPDATE connector_state SET data = ?, updated_at = ? WHERE connector = ? AND kind = ? AND record_id = ?",
                        json, now, connector, kind, id);
            }
        }
        return before;
    }

    public void remove(String kind, String id) {
        if (store() == null) {
            memory.remove(kind + "/" + id);
            return;
        }
        update("DELETE FROM connector_state WHERE connector = ? AND kind = ? AND record_id = ?", connector, kind, id);
    }

    private int update(String sql, Object... args) {
        try (Connection c = store().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("connector state: " + e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = store().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(JSON.readValue(rs.getString(1), new TypeReference<LinkedHashMap<String, Object>>() { }));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("connector state: " + e.getMessage(), e);
        }
    }

    private static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("connector state is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
