package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.id;
import static io.contactsbridge.sandbox.toggl.TogglParams.num;
import static io.contactsbridge.sandbox.toggl.TogglParams.requireText;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * {@code /workspaces/{wid}/clients...}: list (status, name filter), create, read, update, delete, and
 * archive/restore (PUT cannot archive; archiving a client archives its active projects). Client objects
 * carry {@code wid}, not {@code workspace_id}.
 */
final class TogglClients {
    private static final Pattern CLIENT = Pattern.compile("^/clients/(\\d+)(/archive|/restore)?$");

    private final TogglStore store;

    TogglClients(TogglStore store) {
        this.store = store;
    }

    /** The answer for a request under the workspace, or null when the path is not a client's. */
    SimResponse route(SimRequest req, String rest, String path) {
        String method = req.method();
        if (rest.equals("/clients")) {
            if (method.equals("GET")) {
                String status = req.queryParam("status").orElse("active");
                String name = req.queryParam("name").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
                return ok(store.live("client").stream()
                        .filter(r -> status.equals("both") || (status.equals("archived") == Boolean.TRUE.equals(r.get("archived"))))
                        .filter(r -> name == null || String.valueOf(r.get("name")).toLowerCase(Locale.ROOT).contains(name))
                        .toList());
            }
            if (method.equals("POST")) {
                return ok(create(body(req), path));
            }
        }
        Matcher m = CLIENT.matcher(rest);
        if (!m.matches()) {
            return null;
        }
        long id = Long.parseLong(m.group(1));
        String action = m.group(2);
        if (action == null && method.equals("GET")) {
            return ok(store.found("client", id));
        }
        if (action == null && method.equals("PUT")) {
            return ok(update(id, body(req), path));
        }
        if (action == null && method.equals("DELETE")) {
            delete(id, path);
            return ok(id);
        }
        if ("/archive".equals(action) && method.equals("POST")) {
            return ok(archive(id, true, path));
        }
        if ("/restore".equals(action) && method.equals("POST")) {
            archive(id, false, path);
            return ok(store.found("client", id));
        }
        return null;
    }

    Map<String, Object> create(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "client name can't be blank");
        if (name.length() > 100) {
            throw new TogglError(400, "client name must not be longer than 100 characters");
        }
        if (store.live("client").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new TogglError(400, "Name has already been taken");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("wid", store.wid());
        row.put("archived", false);
        row.put("name", name);
        row.put("at", ts(store.now()));
        row.put("creator_id", TogglSimulator.USER_ID);
        if (body.get("notes") != null) {
            row.put("notes", String.valueOf(body.get("notes")));
        }
        return store.insert("client", row, path);
    }

    Map<String, Object> update(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = store.found("client", id);
        if (body.containsKey("name")) {
            String name = requireText(body, "name", "client name can't be blank");
            if (store.live("client").stream().anyMatch(r -> id(r) != id && name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
                throw new TogglError(400, "Name has already been taken");
            }
            row.put("name", name);
        }
        if (body.containsKey("notes")) {
            if (body.get("notes") == null) {
                row.remove("notes");
            } else {
                row.put("notes", String.valueOf(body.get("notes")));
            }
        }
        return store.touched("client", row, "updated", "PUT", path);
    }

    /** Archives (or restores) the client and its projects; the ids of the projects it changed. */
    List<Long> archive(long id, boolean archive, String path) {
        Map<String, Object> row = store.found("client", id);
        row.put("archived", archive);
        List<Long> projects = new ArrayList<>();
        for (Map<String, Object> p : store.live("project")) {
            if (num(p.get("client_id")) == id && Boolean.TRUE.equals(p.get("active")) == archive) {
                p.put("active", !archive);
                p.put("status", archive ? "archived" : "active");
                store.touched("project", p, "updated", "PUT", store.wsPath("/projects/" + id(p)));
                projects.add(id(p));
            }
        }
        store.touched("client", row, "updated", "POST", path);
        return projects;
    }

    /** Deletes the client; its projects stay, without a client. */
    void delete(long id, String path) {
        store.found("client", id);
        for (Map<String, Object> p : store.live("project")) {
            if (num(p.get("client_id")) == id) {
                p.put("client_id", null);
                p.put("cid", null);
                store.touched("project", p, "updated", "PUT", store.wsPath("/projects/" + id(p)));
            }
        }
        store.delete("client", id, path);
    }
}
