package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.num;
import static io.contactsbridge.sandbox.toggl.TogglParams.requireText;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * Tasks (a premium feature in Track): {@code /workspaces/{wid}/projects/{pid}/tasks...} and the
 * workspace-wide {@code /workspaces/{wid}/tasks}. Tasks of an archived project cannot change.
 */
final class TogglTasks {
    private static final Pattern PROJECT_TASKS = Pattern.compile("^/projects/(\\d+)/tasks$");
    private static final Pattern TASK = Pattern.compile("^/projects/(\\d+)/tasks/(\\d+)$");

    private final TogglStore store;

    TogglTasks(TogglStore store) {
        this.store = store;
    }

    SimResponse route(SimRequest req, String rest, String path) {
        String method = req.method();
        Matcher m = PROJECT_TASKS.matcher(rest);
        if (m.matches()) {
            long pid = Long.parseLong(m.group(1));
            store.found("project", pid);
            if (method.equals("GET")) {
                return ok(store.live("task").stream().filter(r -> num(r.get("project_id")) == pid).toList());
            }
            if (method.equals("POST")) {
                return ok(create(pid, body(req), path));
            }
        }
        m = TASK.matcher(rest);
        if (m.matches()) {
            long pid = Long.parseLong(m.group(1));
            long tid = Long.parseLong(m.group(2));
            Map<String, Object> task = store.found("task", tid);
            if (num(task.get("project_id")) != pid) {
                throw new TogglError(404, "Task not found");
            }
            switch (method) {
                case "GET":
                    return ok(task);
                case "PUT":
                    return ok(update(tid, body(req), path));
                case "DELETE":
                    store.delete("task", tid, path);
                    return SimResponse.empty(200);
                default:
                    break;
            }
        }
        if (rest.equals("/tasks") && method.equals("GET")) {
            boolean all = req.queryParam("active").map("both"::equals).orElse(false);
            return ok(Map.of("data", store.live("task").stream().filter(r -> all || Boolean.TRUE.equals(r.get("active"))).toList()));
        }
        return null;
    }

    Map<String, Object> create(long pid, Map<String, Object> body, String path) {
        Map<String, Object> project = activeProject(pid);
        String name = requireText(body, "name", "task name can't be blank");
        if (store.live("task").stream().anyMatch(t -> num(t.get("project_id")) == pid && name.equalsIgnoreCase(String.valueOf(t.get("name"))))) {
            throw new TogglError(400, "Name has already been taken");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("name", name);
        row.put("workspace_id", store.wid());
        row.put("project_id", pid);
        row.put("user_id", body.get("user_id"));
        row.put("active", !Boolean.FALSE.equals(body.get("active")));
        row.put("at", ts(store.now()));
        row.put("estimated_seconds", body.getOrDefault("estimated_seconds", 0));
        row.put("tracked_seconds", 0);
        row.put("recurring", false);
        row.put("project_name", project.get("name"));
        row.put("project_color", project.get("color"));
        row.put("project_billable", project.get("billable"));
        return store.insert("task", row, path);
    }

    Map<String, Object> update(long tid, Map<String, Object> body, String path) {
        Map<String, Object> row = store.found("task", tid);
        activeProject(num(row.get("project_id")));
        if (body.containsKey("name")) {
            row.put("name", requireText(body, "name", "task name can't be blank"));
        }
        for (String k : List.of("active", "estimated_seconds", "user_id")) {
            if (body.containsKey(k)) {
                row.put(k, body.get(k));
            }
        }
        return store.touched("task", row, "updated", "PUT", path);
    }

    private Map<String, Object> activeProject(long pid) {
        Map<String, Object> project = store.found("project", pid);
        if (!Boolean.TRUE.equals(project.get("active"))) {
            throw new TogglError(400, "Can not change tasks of archived project");
        }
        return project;
    }
}
