package io.contactsbridge.hubstaff;

import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.api.NotFound;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.sync.SyncSettings;
import org.apache.camel.CamelContext;

/**
 * Lookups the Hubstaff flows need, bound as {@value #BEAN}: which HighLevel contact stands for a
 * Hubstaff client (its link), for a project (its client's), which client stands for a contact, the
 * project a contact's new to-do goes to, a member's e-mail, and whether a to-do came from a
 * HighLevel task. Projects and members come from {@link HubstaffDirectory} (fed by the poll), else
 * one Hubstaff read.
 */
public class HubstaffContacts {
    public static final String BEAN = "hubstaffContacts";
    static final String HUBSTAFF = HubstaffConnector.ID;

    private final CamelContext context;
    private final HubstaffDirectory directory;
    private volatile Operations hubstaff;

    public HubstaffContacts(CamelContext context, HubstaffDirectory directory) {
        this.context = context;
        this.directory = directory;
    }

    public HubstaffDirectory directory() {
        return directory;
    }

    private SyncLinks links() {
        SyncLinks links = context.getRegistry().lookupByNameAndType("syncLinks", SyncLinks.class);
        if (links == null) {
            throw new IllegalStateException("the Hubstaff flows need the sync core (bean syncLinks)");
        }
        return links;
    }

    private Operations hubstaff() {
        if (hubstaff == null) {
            hubstaff = HubstaffApiRoutes.client(context).operations();
        }
        return hubstaff;
    }

    /** The contact written from a Hubstaff client, or null. */
    public String contactForClient(Object clientId) {
        String cid = HubstaffChanges.id(clientId);
        return cid == null ? null : links().targetId(HUBSTAFF, "client", cid);
    }

    /**
     * A to-do, a day's activity or a project can be applied before its client (records run in
     * parallel): thrown so the inbox tries the change again after a back-off, when the client's
     * contact is there.
     */
    public static final class ClientNotSyncedYet extends IllegalStateException {
        public ClientNotSyncedYet(String message) {
            super(message);
        }
    }

    /** {@link #contactForClient}; a client without its contact yet throws {@link ClientNotSyncedYet} (not in a dry run). */
    public String contactForClientOrRetry(Object clientId) {
        String contact = contactForClient(clientId);
        if (contact == null && HubstaffChanges.id(clientId) != null && !Settings.of(context).getBoolean(SyncSettings.DRY_RUN, false)) {
            throw new ClientNotSyncedYet("Hubstaff client " + HubstaffChanges.id(clientId) + " has no contact yet; tried again later");
        }
        return contact;
    }

    /** The contact of a project's client (null for a project without a client). */
    public String contactForProjectOrRetry(Object projectId) {
        Map<String, Object> project = project(projectId);
        return project == null ? null : contactForClientOrRetry(project.get("client_id"));
    }

    /** The Hubstaff client a contact was written from, or null. */
    public String clientForContact(Object contactId) {
        String id = HubstaffChanges.id(contactId);
        return id == null ? null : links().externalId(HUBSTAFF, "client", id);
    }

    /** A project (from the directory, else one read), or null when Hubstaff has none. */
    public Map<String, Object> project(Object projectId) {
        String pid = HubstaffChanges.id(projectId);
        if (pid == null) {
            return null;
        }
        Map<String, Object> known = directory.project(pid);
        if (known != null) {
            return known;
        }
        try {
            Map<String, Object> answer = hubstaff().callForMap("get-project", Map.of("project_id", pid), null);
            if (answer.get("project") instanceof Map<?, ?> p) {
                @SuppressWarnings("unchecked")
                Map<String, Object> project = new LinkedHashMap<>((Map<String, Object>) p);
                directory.rememberProject(project);
                return project;
            }
            return null;
        } catch (NotFound e) {
            return null;
        }
    }

    /** An active project of the client, from the directory, else from one paged read; null when it has none. */
    public String projectOfClient(Object clientId) {
        String cid = HubstaffChanges.id(clientId);
        if (cid == null) {
            return null;
        }
        for (Map<String, Object> p : directory.projects()) {
            if (cid.equals(HubstaffChanges.id(p.get("client_id"))) && "active".equals(p.get("status"))) {
                return HubstaffChanges.id(p.get("id"));
            }
        }
        Map<String, Object> answer = hubstaff().callForMap("list-projects",
                Map.of("status", "active", ApiClient.FOLLOW_PAGES, "true"), null);
        String found = null;
        for (Map<String, Object> p : HubstaffPoller.rows(answer.get("projects"))) {
            directory.rememberProject(p);
            if (found == null && cid.equals(HubstaffChanges.id(p.get("client_id")))) {
                found = HubstaffChanges.id(p.get("id"));
            }
        }
        return found;
    }

    /** The body of a new project for a client's to-dos: named after the client (one read for the name). */
    public Map<String, Object> newProject(Object clientId) {
        String cid = HubstaffChanges.id(clientId);
        Map<String, Object> answer = hubstaff().callForMap("get-client", Map.of("client_id", cid), null);
        Object name = answer.get("client") instanceof Map<?, ?> c ? c.get("name") : null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null ? "Client " + cid : String.valueOf(name));
        body.put("client_id", Long.parseLong(cid));
        return body;
    }

    /** Keeps a project the flow created (the answer of create-project) in the directory; its id. */
    @SuppressWarnings("unchecked")
    public String created(Object answer) {
        Object project = answer instanceof Map<?, ?> m && m.get("project") instanceof Map<?, ?> p ? p : answer;
        if (project instanceof Map<?, ?> p && p.get("id") != null) {
            directory.rememberProject((Map<String, Object>) p);
            return HubstaffChanges.id(p.get("id"));
        }
        return null;
    }

    /** The e-mail of a to-do's assignee, when the members read so far know it. */
    public String assigneeEmail(Object userId) {
        Map<String, Object> member = directory.member(userId);
        return member == null || member.get("email") == null ? null : String.valueOf(member.get("email"));
    }

    /**
     * The HighLevel task of a to-do: the one written from it (hubstaff-todo-to-contact-task), or the
     * one it was created from (contact-task-to-hubstaff-todo); null when there is none yet.
     */
    public String taskOfTodo(Object todoId) {
        String id = HubstaffChanges.id(todoId);
        if (id == null) {
            return null;
        }
        String written = links().targetId(HUBSTAFF, "todo", id, "task");
        if (written != null) {
            return written;
        }
        for (SyncLinks.Link l : links().pointingTo(HUBSTAFF, id)) {
            if (links().hub().equals(l.system()) && "task".equals(l.entity()) && "todo".equals(l.targetEntity())) {
                return l.externalId();
            }
        }
        return null;
    }
}
