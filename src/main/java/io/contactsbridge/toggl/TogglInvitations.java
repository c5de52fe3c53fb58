package io.contactsbridge.toggl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.connector.StateTable;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the invitation flows call, bound as {@value #BEAN}: a contact tagged for an invitation is invited
 * once (the invitation is kept in the store, kind {@code invitation}, by e-mail), and when that person
 * joins the workspace (their workspace user turns active) they become a member of the projects of the
 * Toggl client linked to their contact (memberships kept as kind {@code member}, so none is added twice).
 */
public class TogglInvitations {
    private static final Logger LOG = LoggerFactory.getLogger(TogglInvitations.class);
    public static final String BEAN = "togglInvitations";
    static final String INVITATION = "invitation";
    static final String MEMBER = "member";

    private final CamelContext context;
    private final TogglSettings settings;
    private volatile StateTable state;

    public TogglInvitations(CamelContext context, TogglSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    private StateTable state() {
        if (state == null) {
            state = StateTable.of(context, TogglContacts.TOGGL);
        }
        return state;
    }

    static String key(Object email) {
        return email == null ? null : String.valueOf(email).trim().toLowerCase(Locale.ROOT);
    }

    private volatile boolean warned;

    /** False (with one warning) when invitations cannot be sent: they need TOGGL_ORGANIZATION_ID. */
    public boolean possible() {
        if (settings.organizationId() != null) {
            return true;
        }
        if (!warned) {
            warned = true;
            LOG.warn("a contact is tagged for a Toggl invitation, but TOGGL_ORGANIZATION_ID is not set: no invitation sent");
        }
        return false;
    }

    /** True when this e-mail was invited already. */
    public boolean invited(Object email) {
        String key = key(email);
        return key == null || key.isEmpty() || state().get(INVITATION, key) != null;
    }

    /** True while an invited person has not joined yet (the poll then reads the workspace users). */
    public static boolean pending(StateTable state) {
        return state.all(INVITATION).stream().anyMatch(i -> !Boolean.TRUE.equals(i.get("joined")));
    }

    /** The create-invitation body: the contact's e-mail, to the configured workspace as a user. */
    public Map<String, Object> invitation(Map<String, Object> contact) {
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("workspace_id", settings.workspaceId());
        workspace.put("admin", false);
        workspace.put("role", "user");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("emails", List.of(key(contact.get("email"))));
        body.put("workspaces", List.of(workspace));
        return body;
    }

    /** Keeps the invitation Toggl answered (not in a dry run: nothing was sent). */
    public void remember(Object contactId, Object email, Object answer) {
        if (!(answer instanceof Map<?, ?> a) || Boolean.TRUE.equals(a.get("dryRun"))) {
            return;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("email", key(email));
        kept.put("contactId", String.valueOf(contactId));
        kept.put("invitedAt", Instant.now().toString());
        if (a.get("data") instanceof List<?> data && !data.isEmpty() && data.get(0) instanceof Map<?, ?> first) {
            kept.put("invitationId", first.get("invitation_id"));
            kept.put("userId", first.get("recipient_id"));
        }
        kept.put("joined", false);
        state().put(INVITATION, key(email), kept);
        LOG.info("Toggl invitation sent to {} (contact {})", key(email), contactId);
    }

    /** The contact of an invited person whose workspace user is now active and not handled yet, else null. */
    public String joinedContact(Map<String, Object> workspaceUser) {
        if (Boolean.TRUE.equals(workspaceUser.get("inactive")) || workspaceUser.get("server_deleted_at") != null
                || !TogglChanges.inWorkspace(workspaceUser, settings.workspaceId())) {
            return null;
        }
        Map<String, Object> invitation = state().get(INVITATION, key(workspaceUser.get("email")));
        return invitation == null || Boolean.TRUE.equals(invitation.get("joined")) ? null
                : String.valueOf(invitation.get("contactId"));
    }

    /** The person joined: their later changes need nothing more. */
    public void joined(Map<String, Object> workspaceUser) {
        Map<String, Object> invitation = state().get(INVITATION, key(workspaceUser.get("email")));
        if (invitation != null) {
            invitation.put("joined", true);
            invitation.put("userId", workspaceUser.get("user_id"));
            state().put(INVITATION, key(workspaceUser.get("email")), invitation);
            LOG.info("Toggl user {} joined: invitation of contact {} done", key(workspaceUser.get("email")),
                    invitation.get("contactId"));
        }
    }

    /** The add-project-member body. */
    public Map<String, Object> membership(Object projectId, Object userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project_id", Long.parseLong(String.valueOf(projectId)));
        body.put("user_id", Long.parseLong(String.valueOf(userId)));
        body.put("manager", false);
        return body;
    }

    public boolean isMember(Object projectId, Object userId) {
        return state().get(MEMBER, projectId + ":" + userId) != null;
    }

    public void rememberMember(Object projectId, Object userId, Object answer) {
        if (answer instanceof Map<?, ?> a && Boolean.TRUE.equals(a.get("dryRun"))) {
            return;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("project_id", String.valueOf(projectId));
        kept.put("user_id", String.valueOf(userId));
        kept.put("project_user_id", answer instanceof Map<?, ?> a ? a.get("id") : null);
        state().put(MEMBER, projectId + ":" + userId, kept);
    }

    /** Ids of the active projects of a client (from the project cache, else one Toggl read). */
    public List<String> projectsOfClient(Object clientId) {
        List<String> out = new ArrayList<>();
        if (clientId == null || String.valueOf(clientId).isBlank()) {
            return out;
        }
        TogglContacts contacts = context.getRegistry().lookupByNameAndType(TogglContacts.BEAN, TogglContacts.class);
        return contacts == null ? out : contacts.activeProjectsOf(clientId);
    }
}
