package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglParams.id;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The workspace's records, table name (= webhook model) -> id -> row. Deleted rows stay, marked
 * {@code server_deleted_at}, so {@code since} reads can report them. Every change stamps {@code at} and
 * is handed to the webhooks. The store is the simulator's one lock: callers hold it (synchronized on the
 * store) around every read and change.
 */
final class TogglStore {
    static final List<String> TABLES = List.of("client", "project", "task", "time_entry", "tag", "project_user",
            "workspace_user");

    /** Receives every change: model, action, request type, API path and the row after it. */
    interface Changes {
        void changed(String model, String action, String requestType, String path, Map<String, Object> row);
    }

    private final Map<String, Map<Long, Map<String, Object>>> tables = new LinkedHashMap<>();
    private final List<Map<String, Object>> invitations = new ArrayList<>();
    /** Every workspace of the token's user (the organization's), id -> row. */
    private final Map<Long, Map<String, Object>> workspaces = new LinkedHashMap<>();
    /** The workspace the request in progress (or the "user" change) is about: its path's {wid}. */
    private long current = TogglSimulator.WORKSPACE_ID;
    // ids keep counting across resets: a new record never reuses an id a bridge may still hold links for
    private final AtomicLong ids = new AtomicLong(100_000);
    private final Supplier<Clock> clock;
    private Changes changes = (m, a, t, p, r) -> { };

    TogglStore(Supplier<Clock> clock) {
        this.clock = clock;
        TABLES.forEach(t -> tables.put(t, new LinkedHashMap<>()));
        addWorkspace(TogglSimulator.WORKSPACE_ID, "Sandbox Workspace");
        addWorkspace(TogglSimulator.SECOND_WORKSPACE_ID, "Second Workspace");
    }

    /** A workspace of the sandbox organization (not reported as a change). */
    Map<String, Object> addWorkspace(long id, String name) {
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("id", id);
        workspace.put("organization_id", TogglSimulator.ORGANIZATION_ID);
        workspace.put("name", name);
        workspace.put("premium", true);
        workspace.put("admin", true);
        workspace.put("role", "admin");
        workspace.put("default_currency", "USD");
        workspace.put("server_deleted_at", null);
        workspace.put("at", ts(now()));
        workspaces.put(id, workspace);
        return workspace;
    }

    Map<Long, Map<String, Object>> workspaces() {
        return workspaces;
    }

    /** The workspace requests and changes are about now. */
    long wid() {
        return current;
    }

    /** Runs {@code body} for workspace {@code wid} (403 when the user has no such workspace); the caller holds the lock. */
    <T> T in(long wid, Supplier<T> body) {
        if (!workspaces.containsKey(wid)) {
            throw new TogglError(403, "User does not have access to this resource.");
        }
        long before = current;
        current = wid;
        try {
            return body.get();
        } finally {
            current = before;
        }
    }

    /** The workspace of a row: {@code workspace_id}, or {@code wid} (clients have only that). */
    static long widOf(Map<String, Object> row) {
        Object w = row.get("workspace_id") != null ? row.get("workspace_id") : row.get("wid");
        return w instanceof Number n ? n.longValue() : -1;
    }

    void onChange(Changes listener) {
        this.changes = listener;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    Instant now() {
        return clock.get().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The current workspace. */
    Map<String, Object> workspace() {
        return workspaces.get(current);
    }

    List<Map<String, Object>> invitations() {
        return invitations;
    }

    /** Every row of a table, deleted ones included. */
    Map<Long, Map<String, Object>> table(String table) {
        return tables.get(table);
    }

    /** The live rows of the current workspace. */
    List<Map<String, Object>> live(String table) {
        return tables.get(table).values().stream()
                .filter(r -> r.get("server_deleted_at") == null && widOf(r) == current).toList();
    }

    /** The live row, or 404 "No <label> with ID <id> was found". */
    Map<String, Object> found(String table, long id) {
        Map<String, Object> row = tables.get(table).get(id);
        if (row == null || row.get("server_deleted_at") != null || widOf(row) != current) {
            String label = switch (table) {
                case "time_entry" -> "time entry";
                case "project_user" -> "project user";
                default -> table;
            };
            throw new TogglError(404, "No " + label + " with ID " + id + " was found");
        }
        return row;
    }

    /** Stores a new row and reports it created. */
    Map<String, Object> insert(String table, Map<String, Object> row, String path) {
        tables.get(table).put(id(row), row);
        return touched(table, row, "created", "POST", path);
    }

    /** Stamps {@code at} and reports the change. */
    Map<String, Object> touched(String model, Map<String, Object> row, String action, String requestType, String path) {
        row.put("at", ts(now()));
        changes.changed(model, action, requestType, path, row);
        return row;
    }

    /** Marks a row deleted (it stays for {@code since} reads) and reports it. */
    void delete(String table, long id, String path) {
        Map<String, Object> row = found(table, id);
        String now = ts(now());
        row.put("server_deleted_at", now);
        row.put("at", now);
        changes.changed(table, "deleted", "DELETE", path, row);
    }

    void clear() {
        tables.values().forEach(Map::clear);
    }

    /** The API path of something in the current workspace. */
    String wsPath(String rest) {
        return TogglSimulator.API + "/workspaces/" + current + rest;
    }

    static Map<String, Object> copy(Map<String, Object> row) {
        return new LinkedHashMap<>(row);
    }
}
