package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.id;
import static io.contactsbridge.sandbox.toggl.TogglParams.num;
import static io.contactsbridge.sandbox.toggl.TogglParams.requireText;
import static io.contactsbridge.sandbox.toggl.TogglParams.toLong;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * {@code /workspaces/{wid}/projects...} (a project belongs to at most one live client; deleting it
 * deletes its tasks) and {@code /workspaces/{wid}/project_users...} (project members).
 */
final class TogglProjects {
    private static final Pattern PROJECT = Pattern.compile("^/projects/(\\d+)$");
    private static final Pattern PROJECT_USER = Pattern.compile("^/project_users/(\\d+)$");

    private final TogglStore store;

    TogglProjects(TogglStore store) {
        this.store = store;
    }

    SimResponse route(SimRequest req, String rest, String path) {
        String method = req.method();
        if (rest.equals("/projects")) {
            if (method.equals("GET")) {
                String active = req.queryParam("active").orElse("true");
                String name = req.queryParam("name").map(n -> n.toLowerCase(Locale.ROOT)).orElse(null);
                Set<String> clients = req.queryParam("client_ids").map(c -> Set.of(c.split(","))).orElse(null);
                return ok(store.live("project").stream()
                        .filter(r -> active.equals("both") || String.valueOf(r.get("active")).equals(active))
                        .filter(r -> name == null || String.valueOf(r.get("name")).toLowerCase(Locale.ROOT).contains(name))
                        .filter(r -> clients == null || clients.contains(String.valueOf(r.get("client_id"))))
                        .toList());
            }
            if (method.equals("POST")) {
                return ok(create(body(req), path));
            }
        }
        Matcher m = PROJECT.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            switch (method) {
                case "GET":
                    return ok(store.found("project", id));
                case "PUT":
                    return ok(update(id, body(req), path));
                case "DELETE":
                    delete(id, path);
                    return SimResponse.empty(200);
                default:
                    break;
            }
        }
        if (rest.equals("/project_users")) {
            if (method.equals("GET")) {
                Set<String> pids = req.queryParam("project_ids").map(s -> Set.of(s.split(","))).orElse(null);
                return ok(store.live("project_user").stream()
                        .filter(r -> pids == null || pids.contains(String.valueOf(r.get("project_id")))).toList());
            }
            if (method.equals("POST")) {
                return ok(addMember(body(req), path));
            }
        }
        m = PROJECT_USER.matcher(rest);
        if (m.matches() && method.equals("DELETE")) {
            store.delete("project_user", Long.parseLong(m.group(1)), path);
            return SimResponse.empty(200);
        }
        return null;
    }

    Map<String, Object> create(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "project name can't be blank");
        if (store.live("project").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new TogglError(400, "Name has already been taken");
        }
        Long clientId = clientRef(body);
        Instant now = store.now();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("workspace_id", store.wid());
        row.put("wid", store.wid());
        row.put("client_id", clientId);
        row.put("cid", clientId);
        row.put("name", name);
        row.put("is_private", body.getOrDefault("is_private", true));
        boolean active = !Boolean.FALSE.equals(body.get("active"));
        row.put("active", active);
        row.put("at", ts(now));
        row.put("created_at", ts(now));
        row.put("server_deleted_at", null);
        row.put("color", body.getOrDefault("color", "#06aaf5"));
        row.put("billable", body.getOrDefault("billable", false));
        row.put("template", false);
        row.put("auto_estimates", null);
        row.put("estimated_hours", body.get("estimated_hours"));
        row.put("estimated_seconds", null);
        row.put("rate", body.get("rate"));
        row.put("currency", body.get("currency"));
        row.put("recurring", false);
        row.put("actual_hours", 0);
        row.put("actual_seconds", 0);
        row.put("can_track_time", true);
        row.put("start_date", LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        row.put("status", active ? "active" : "archived");
        row.put("is_shared", false);
        row.put("pinned", false);
        return store.insert("project", row, path);
    }

    /** {@code client_id} (or {@code cid}): a live client of the workspace, or null. */
    private Long clientRef(Map<String, Object> body) {
        Object ref = body.get("client_id") != null ? body.get("client_id") : body.get("cid");
        if (ref == null) {
            return null;
        }
        long cid = toLong(ref, "client_id");
        Map<String, Object> client = store.table("client").get(cid);
        if (client == null || client.get("server_deleted_at") != null) {
            throw new TogglError(400, "Client with ID " + cid + " isn't present in workspace " + store.wid());
        }
        return cid;
    }

    Map<String, Object> update(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = store.found("project", id);
        if (body.containsKey("name")) {
            row.put("name", requireText(body, "name", "project name can't be blank"));
        }
        if (body.containsKey("client_id") || body.containsKey("cid")) {
            Long cid = clientRef(body);
            row.put("client_id", cid);
            row.put("cid", cid);
        }
        if (body.containsKey("active")) {
            boolean active = Boolean.TRUE.equals(body.get("active"));
            row.put("active", active);
            row.put("status", active ? "active" : "archived");
        }
        for (String k : List.of("billable", "color", "is_private", "rate", "currency", "estimated_hours")) {
            if (body.containsKey(k)) {
                row.put(k, body.get(k));
            }
        }
        return store.touched("project", row, "updated", "PUT", path);
    }

    void delete(long id, String path) {
        store.found("project", id);
        for (Map<String, Object> t : store.live("task")) {
            if (num(t.get("project_id")) == id) {
                store.delete("task", id(t), store.wsPath("/projects/" + id + "/tasks/" + id(t)));
            }
        }
        store.delete("project", id, path);
    }

    private Map<String, Object> addMember(Map<String, Object> body, String path) {
        if (body.get("project_id") == null) {
            throw new TogglError(400, "project_id is required");
        }
        if (body.get("user_id") == null) {
            throw new TogglError(400, "user_id is required");
        }
        long pid = toLong(body.get("project_id"), "project_id");
        long uid = toLong(body.get("user_id"), "user_id");
        store.found("project", pid);
        if (store.live("project_user").stream().anyMatch(r -> num(r.get("project_id")) == pid && num(r.get("user_id")) == uid)) {
            throw new TogglError(400, "User is already a member of this project");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("project_id", pid);
        row.put("user_id", uid);
        row.put("workspace_id", store.wid());
        row.put("manager", Boolean.TRUE.equals(body.get("manager")));
        row.put("rate", body.get("rate"));
        row.put("labor_cost", body.get("labor_cost"));
        row.put("gid", null);
        row.put("group_id", null);
        row.put("at", ts(store.now()));
        return store.insert("project_user", row, path);
    }
}
