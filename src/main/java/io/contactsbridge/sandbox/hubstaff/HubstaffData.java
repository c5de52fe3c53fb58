package io.contactsbridge.sandbox.hubstaff;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The sandbox organization's records, in memory: clients, projects, tasks (to-dos, with
 * {@code lock_version}), members and their users, daily activities and webhooks. Rows are JSON-ready
 * maps in id order; every change stamps {@code updated_at} and tells the listener (the webhook sender).
 */
final class HubstaffData {
    static final long ORGANIZATION_ID = 3000;
    static final long USER_ID = 4_000_001;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong(10_000);
    final Map<Long, Map<String, Object>> clients = new TreeMap<>();
    final Map<Long, Map<String, Object>> projects = new TreeMap<>();
    final Map<Long, Map<String, Object>> tasks = new TreeMap<>();
    final Map<Long, Map<String, Object>> members = new TreeMap<>();
    final Map<Long, Map<String, Object>> users = new TreeMap<>();
    final Map<Long, Map<String, Object>> activities = new TreeMap<>();
    final Map<String, Map<String, Object>> webhooks = new LinkedHashMap<>();
    /** Edits applied to a task just before the next API update of it (a concurrent edit: the update's version is stale). */
    final Map<Long, Map<String, Object>> editsBeforeNextUpdate = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile BiConsumer<String, Map<String, Object>> listener = (event, row) -> { };

    HubstaffData(Clock clock) {
        this.clock = clock;
        Map<String, Object> me = user(USER_ID, "Sandbox Owner", "owner@hubstaff-sandbox.example");
        members.put(USER_ID, member(me, "owner"));
    }

    void onEvent(BiConsumer<String, Map<String, Object>> listener) {
        this.listener = listener;
    }

    String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    synchronized Map<String, Object> addClient(Map<String, Object> fields) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", nextId());
        c.put("name", fields.get("name"));
        c.put("status", "active");
        c.put("emails", fields.getOrDefault("emails", List.of()));
        c.put("phone", fields.get("phone"));
        c.put("address", fields.get("address"));
        c.put("invoice_notes", fields.get("invoice_notes"));
        c.put("created_at", now());
        c.put("updated_at", now());
        clients.put((Long) c.get("id"), c);
        return copy(c);
    }

    synchronized Map<String, Object> updateClient(long id, Map<String, Object> fields) {
        Map<String, Object> c = clients.get(id);
        if (c == null) {
            return null;
        }
        fields.forEach((k, v) -> {
            if (!k.equals("id") && !k.equals("created_at") && !k.equals("updated_at")) {
                c.put(k, v);
            }
        });
        c.put("updated_at", now());
        return copy(c);
    }

    synchronized Map<String, Object> addProject(String name, Long clientId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", nextId());
        p.put("name", name);
        p.put("status", "active");
        p.put("client_id", clientId);
        p.put("organization_id", ORGANIZATION_ID);
        p.put("created_at", now());
        p.put("updated_at", now());
        projects.put((Long) p.get("id"), p);
        return copy(p);
    }

    synchronized Map<String, Object> addTask(long projectId, Map<String, Object> fields) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", nextId());
        t.put("integration_id", null);
        t.put("status", "active");
        t.put("project_id", projectId);
        t.put("project_type", "project");
        t.put("summary", fields.get("summary"));
        t.put("details", fields.get("details"));
        t.put("due_at", fields.get("due_at"));
        t.put("assignee_id", fields.get("assignee_id"));
        t.put("lock_version", 0);
        t.put("created_at", now());
        t.put("updated_at", now());
        t.put("completed_at", null);
        tasks.put((Long) t.get("id"), t);
        listener.accept("task.create", copy(t));
        return copy(t);
    }

    /** Applies a change to a task; the caller checked its lock_version. Bumps the version. */
    synchronized Map<String, Object> changeTask(long id, Map<String, Object> fields) {
        Map<String, Object> t = tasks.get(id);
        for (String k : List.of("summary", "details", "status", "assignee_id", "due_at")) {
            if (fields.containsKey(k)) {
                t.put(k, fields.get(k));
            }
        }
        t.put("completed_at", "completed".equals(t.get("status")) ? now() : null);
        t.put("lock_version", ((Number) t.get("lock_version")).intValue() + 1);
        t.put("updated_at", now());
        return copy(t);
    }

    synchronized Map<String, Object> addMember(String name, String email, String role) {
        long id = nextId();
        Map<String, Object> u = user(id, name, email);
        Map<String, Object> m = member(u, role);
        members.put(id, m);
        return copy(m);
    }

    synchronized Map<String, Object> removeMember(long userId) {
        Map<String, Object> m = members.get(userId);
        if (m != null) {
            m.put("membership_status", "removed");
            m.put("updated_at", now());
        }
        return m == null ? null : copy(m);
    }

    /** Tracked time of a user on a project on a day ({@code date} YYYY-MM-DD); adds to that day's row. */
    synchronized Map<String, Object> track(long userId, long projectId, String date, long seconds) {
        for (Map<String, Object> a : activities.values()) {
            if (a.get("user_id").equals(userId) && a.get("project_id").equals(projectId) && a.get("date").equals(date)) {
                a.put("tracked", ((Number) a.get("tracked")).longValue() + seconds);
                a.put("updated_at", now());
                listener.accept("timer.stop", copy(a));
                return copy(a);
            }
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", nextId());
        a.put("date", date);
        a.put("user_id", userId);
        a.put("project_id", projectId);
        a.put("task_id", null);
        a.put("tracked", seconds);
        a.put("keyboard", seconds / 3);
        a.put("mouse", seconds / 2);
        a.put("overall", seconds / 2);
        a.put("created_at", now());
        a.put("updated_at", now());
        activities.put((Long) a.get("id"), a);
        listener.accept("timer.stop", copy(a));
        return copy(a);
    }

    private Map<String, Object> user(long id, String name, String email) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", id);
        u.put("name", name);
        u.put("email", email);
        u.put("time_zone", "UTC");
        u.put("status", "active");
        u.put("created_at", now());
        u.put("updated_at", now());
        users.put(id, u);
        return u;
    }

    private Map<String, Object> member(Map<String, Object> user, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", user.get("id"));
        m.put("membership_role", role);
        m.put("membership_status", "active");
        m.put("effective_role", role);
        m.put("created_at", now());
        m.put("updated_at", now());
        return m;
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? null : new LinkedHashMap<>(m);
    }

    static List<Map<String, Object>> copies(Iterable<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(copy(r)));
        return out;
    }
}
