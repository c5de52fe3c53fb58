package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.requireText;
import static io.contactsbridge.sandbox.toggl.TogglParams.toLong;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * The organization's people and workspaces: {@code POST /organizations/{oid}/invitations} (each
 * invited e-mail becomes an inactive workspace user of every workspace named, until the person
 * joins), {@code POST /organizations/{oid}/workspaces}, and {@code GET /workspaces/{wid}/workspace_users}.
 * Joining is a "user" action ({@link #accept}): the workspace user turns active, a {@code workspace_user
 * updated} event goes out. Simulator policy (not published by Toggl): a {@code workspace created} event is
 * delivered to the subscriptions of every workspace of the organization that filter for workspaces.
 */
final class TogglMembers {
    private final TogglStore store;

    TogglMembers(TogglStore store) {
        this.store = store;
    }

    /** Below {@code /organizations/{oid}}: the answer, or null when the path is not one of these. */
    SimResponse organization(SimRequest req, String rest) {
        if (rest.equals("/invitations") && req.method().equals("POST")) {
            return ok(invite(body(req)));
        }
        if (rest.equals("/workspaces") && req.method().equals("POST")) {
            return ok(createWorkspace(requireText(body(req), "name", "workspace name can't be blank")));
        }
        return null;
    }

    /** Below {@code /workspaces/{wid}}: the answer, or null when the path is not one of these. */
    SimResponse route(SimRequest req, String rest, String path) {
        if (rest.equals("/workspace_users") && req.method().equals("GET")) {
            return ok(store.live("workspace_user"));
        }
        return null;
    }

    Map<String, Object> createWorkspace(String name) {
        return createWorkspace(store.nextId(), name);
    }

    Map<String, Object> createWorkspace(long id, String name) {
        if (store.workspaces().containsKey(id)) {
            throw new TogglError(400, "workspace " + id + " exists");
        }
        Map<String, Object> workspace = store.addWorkspace(id, name);
        return store.in(id, () -> store.touched("workspace", workspace, "created", "POST",
                TogglSimulator.API + "/organizations/" + TogglSimulator.ORGANIZATION_ID + "/workspaces"));
    }

    Map<String, Object> invite(Map<String, Object> body) {
        List<?> emails = body.get("emails") instanceof List<?> l ? l : List.of();
        if (emails.isEmpty()) {
            throw new TogglError(400, "No email provided");
        }
        List<?> workspaces = body.get("workspaces") instanceof List<?> w ? w : List.of();
        if (workspaces.isEmpty()) {
            throw new TogglError(400, "At least one workspace must be provided");
        }
        List<Long> wids = new ArrayList<>();
        for (Object w : workspaces) {
            Object wid = w instanceof Map<?, ?> m ? m.get("workspace_id") : null;
            long id = toLong(wid, "workspace_id");
            if (!store.workspaces().containsKey(id)) {
                throw new TogglError(403, "User does not have access to workspace " + id);
            }
            wids.add(id);
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Object email : emails) {
            String e = String.valueOf(email).trim().toLowerCase(Locale.ROOT);
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new TogglError(400, "Invalid email: " + e);
            }
            long userId = userFor(e);
            Map<String, Object> inv = new LinkedHashMap<>();
            inv.put("email", e);
            inv.put("invitation_id", store.nextId());
            inv.put("invite_url", "https://track.toggl.com/signup?invitation=" + UUID.randomUUID());
            inv.put("organization_id", TogglSimulator.ORGANIZATION_ID);
            inv.put("recipient_id", userId);
            inv.put("sender_id", TogglSimulator.USER_ID);
            inv.put("workspaces", workspaces);
            store.invitations().add(inv);
            data.add(inv);
            for (long wid : wids) {
                store.in(wid, () -> member(e, userId, inv));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("messages", List.of());
        return result;
    }

    /** The user id an e-mail has (a workspace user of any workspace with it), else a new one. */
    private long userFor(String email) {
        return store.table("workspace_user").values().stream().filter(r -> email.equals(r.get("email")))
                .map(r -> ((Number) r.get("user_id")).longValue()).findFirst().orElseGet(store::nextId);
    }

    /** The workspace user of the current workspace for this e-mail: made inactive (invited) when new. */
    private Map<String, Object> member(String email, long userId, Map<String, Object> invitation) {
        for (Map<String, Object> r : store.live("workspace_user")) {
            if (email.equals(r.get("email"))) {
                return r;
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", store.nextId());
        row.put("user_id", userId);
        row.put("uid", userId);
        row.put("workspace_id", store.wid());
        row.put("wid", store.wid());
        row.put("email", email);
        row.put("name", email.substring(0, email.indexOf('@')));
        row.put("active", false);
        row.put("inactive", true);
        row.put("admin", false);
        row.put("role", "user");
        row.put("invitation_code", UUID.randomUUID().toString().replace("-", ""));
        row.put("invite_url", invitation.get("invite_url"));
        row.put("at", ts(store.now()));
        return store.insert("workspace_user", row, store.wsPath("/workspace_users"));
    }

    /** The invited person joins: each of their inactive workspace users turns active. Their user id, or -1. */
    long accept(String email) {
        String e = email.trim().toLowerCase(Locale.ROOT);
        long userId = -1;
        for (Map<String, Object> r : new ArrayList<>(store.table("workspace_user").values())) {
            if (e.equals(r.get("email")) && r.get("server_deleted_at") == null && Boolean.TRUE.equals(r.get("inactive"))) {
                r.put("inactive", false);
                r.put("active", true);
                r.put("invitation_code", null);
                userId = ((Number) r.get("user_id")).longValue();
                store.in(TogglStore.widOf(r), () -> store.touched("workspace_user", r, "updated", "PUT",
                        store.wsPath("/workspace_users/" + r.get("id"))));
            }
        }
        return userId;
    }
}
