package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.dateParam;
import static io.contactsbridge.sandbox.toggl.TogglParams.instant;
import static io.contactsbridge.sandbox.toggl.TogglParams.requireText;
import static io.contactsbridge.sandbox.toggl.TogglParams.toLong;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * {@code /workspaces/{wid}/time_entries...} (a negative duration is a running entry; {@code stop}
 * sets the duration) and {@code /workspaces/{wid}/tags...}.
 */
final class TogglTimeEntries {
    private static final Pattern TIME_ENTRY = Pattern.compile("^/time_entries/(\\d+)$");
    private static final Pattern TAG = Pattern.compile("^/tags/(\\d+)$");

    private final TogglStore store;

    TogglTimeEntries(TogglStore store) {
        this.store = store;
    }

    SimResponse route(SimRequest req, String rest, String path) {
        String method = req.method();
        if (rest.equals("/time_entries") && method.equals("POST")) {
            return ok(create(body(req), path));
        }
        Matcher m = TIME_ENTRY.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            if (method.equals("PUT")) {
                return ok(update(id, body(req), path));
            }
            if (method.equals("DELETE")) {
                store.delete("time_entry", id, path);
                return SimResponse.empty(200);
            }
        }
        if (rest.equals("/tags")) {
            if (method.equals("GET")) {
                return ok(store.live("tag"));
            }
            if (method.equals("POST")) {
                return ok(createTag(body(req), path));
            }
        }
        m = TAG.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            if (method.equals("PUT")) {
                Map<String, Object> tag = store.found("tag", id);
                String name = requireText(body(req), "name", "tag name can't be blank");
                tag.put("name", name);
                return ok(store.touched("tag", tag, "updated", "PUT", path));
            }
            if (method.equals("DELETE")) {
                store.delete("tag", id, path);
                return SimResponse.empty(200);
            }
        }
        return null;
    }

    Map<String, Object> create(Map<String, Object> body, String path) {
        if (body.get("created_with") == null || String.valueOf(body.get("created_with")).isBlank()) {
            throw new TogglError(400, "created_with needs to be provided a valid value");
        }
        if (body.get("workspace_id") != null && toLong(body.get("workspace_id"), "workspace_id") != store.wid()) {
            throw new TogglError(400, "Workspace ID in the body does not match the path");
        }
        if (body.get("start") == null) {
            throw new TogglError(400, "Start time must be provided");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("workspace_id", store.wid());
        row.put("wid", store.wid());
        row.put("user_id", TogglSimulator.USER_ID);
        row.put("uid", TogglSimulator.USER_ID);
        row.put("server_deleted_at", null);
        row.put("tags", List.of());
        row.put("tag_ids", List.of());
        row.put("billable", false);
        row.put("description", null);
        row.put("project_id", null);
        row.put("pid", null);
        row.put("task_id", null);
        row.put("tid", null);
        row.put("duronly", true);
        apply(row, body);
        return store.insert("time_entry", row, path);
    }

    Map<String, Object> update(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = store.found("time_entry", id);
        apply(row, body);
        return store.touched("time_entry", row, "updated", "PUT", path);
    }

    private void apply(Map<String, Object> row, Map<String, Object> body) {
        if (body.containsKey("description")) {
            row.put("description", body.get("description"));
        }
        if (body.get("user_id") != null) {
            row.put("user_id", toLong(body.get("user_id"), "user_id"));
            row.put("uid", row.get("user_id"));
        }
        if (body.containsKey("billable")) {
            row.put("billable", Boolean.TRUE.equals(body.get("billable")));
        }
        if (body.containsKey("tags") && body.get("tags") instanceof List<?> tags) {
            row.put("tags", tags);
        }
        if (body.containsKey("project_id") || body.containsKey("pid")) {
            Object pid = body.containsKey("project_id") ? body.get("project_id") : body.get("pid");
            Long p = pid == null ? null : toLong(pid, "project_id");
            if (p != null) {
                store.found("project", p);
            }
            row.put("project_id", p);
            row.put("pid", p);
        }
        if (body.containsKey("task_id") || body.containsKey("tid")) {
            Object tid = body.containsKey("task_id") ? body.get("task_id") : body.get("tid");
            Long t = tid == null ? null : toLong(tid, "task_id");
            if (t != null) {
                store.found("task", t);
            }
            row.put("task_id", t);
            row.put("tid", t);
        }
        if (body.containsKey("start")) {
            row.put("start", ts(dateParam("start", String.valueOf(body.get("start")))));
        }
        if (body.containsKey("duration")) {
            row.put("duration", toLong(body.get("duration"), "duration"));
        }
        if (body.containsKey("stop") && body.get("stop") != null) {
            Instant stop = dateParam("stop", String.valueOf(body.get("stop")));
            row.put("stop", ts(stop));
            row.put("duration", stop.getEpochSecond() - instant(row.get("start")).getEpochSecond());
        }
        long duration = row.get("duration") == null ? -1 : ((Number) row.get("duration")).longValue();
        row.put("duration", duration);
        row.put("stop", duration < 0 ? null : ts(instant(row.get("start")).plusSeconds(duration)));
        row.put("at", ts(store.now()));
    }

    Map<String, Object> createTag(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "tag name can't be blank");
        if (store.live("tag").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new TogglError(400, "Tag already exists");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("workspace_id", store.wid());
        row.put("name", name);
        row.put("at", ts(store.now()));
        row.put("creator_id", TogglSimulator.USER_ID);
        return store.insert("tag", row, path);
    }
}
