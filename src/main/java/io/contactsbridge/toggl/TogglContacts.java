package io.contactsbridge.toggl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.api.NotFound;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.sync.SyncSettings;
import org.apache.camel.CamelContext;

/**
 * Lookups the Toggl flows need, bound as {@value #BEAN}: which HighLevel contact stands for a Toggl
 * client (either direction of the identity links), for a project (its link, else its client's), which
 * Toggl client stands for a contact, and project and task caches fed by their changes, so a burst of
 * time entries does not cost a Toggl call each (the quota is 30/h on the Free plan), a rename is noticed
 * and a contact task edited in HighLevel finds its Toggl project. The caches are kept in the store
 * ({@link StateTable}, kinds {@code project} and {@code task}): a restart keeps them.
 */
public class TogglContacts {
    public static final String BEAN = "togglContacts";
    static final String TOGGL = "toggl";

    private final CamelContext context;
    static final String PROJECT = "project";
    static final String TASK = "task";
    private volatile StateTable state;
    private volatile Operations toggl;

    public TogglContacts(CamelContext context) {
        this.context = context;
    }

    private SyncLinks links() {
        SyncLinks links = context.getRegistry().lookupByNameAndType("syncLinks", SyncLinks.class);
        if (links == null) {
            throw new IllegalStateException("the Toggl flows need the sync core (bean syncLinks)");
        }
        return links;
    }

    /** The caches kept in the store. */
    StateTable state() {
        if (state == null) {
            state = StateTable.of(context, TOGGL);
        }
        return state;
    }

    /** The Toggl operation routes, whose failures come out as the typed exceptions of {@code api/}. */
    private Operations toggl() {
        if (toggl == null) {
            toggl = TogglApiRoutes.client(context).operations();
        }
        return toggl;
    }

    /** The contact for a Toggl client: written from it, or the contact it was created from. */
    public String contactForClient(Object clientId) {
        String cid = id(clientId);
        if (cid == null) {
            return null;
        }
        String contact = links().targetId(TOGGL, "client", cid);
        if (contact != null) {
            return contact;
        }
        for (SyncLinks.Link l : links().pointingTo(TOGGL, cid)) {
            if (links().hub().equals(l.system()) && "contact".equals(l.entity()) && "client".equals(l.targetEntity())) {
                return l.externalId();
            }
        }
        return null;
    }

    /** The contact for a Toggl project: the one its tags went to, else its client's. */
    public String contactForProject(Object projectId) {
        return contactForProject(projectId, this::contactForClient);
    }

    private String contactForProject(Object projectId, Function<Object, String> ofClient) {
        String pid = id(projectId);
        if (pid == null) {
            return null;
        }
        String contact = links().targetId(TOGGL, "project", pid);
        if (contact != null) {
            return contact;
        }
        Map<String, Object> project = project(pid);
        return project == null ? null : ofClient.apply(project.get("client_id"));
    }

    /**
     * A project, task or time entry can be applied before its client (different records run in
     * parallel, and a poll or a burst of webhooks brings parent and children together). Skipping it
     * would lose it: the poll's watermark has moved on. Thrown so the inbox tries the change again
     * after a back-off, when the client's contact is there.
     */
    public static final class ClientNotSyncedYet extends IllegalStateException {
        public ClientNotSyncedYet(String message) {
            super(message);
        }
    }

    /**
     * {@link #contactForClient}, for a record that belongs to the client: null only when there is
     * no client; a client without its contact yet throws {@link ClientNotSyncedYet} (in a dry run,
     * where no contact is ever written, it is null instead).
     */
    public String contactForClientOrRetry(Object clientId) {
        String contact = contactForClient(clientId);
        if (contact == null && id(clientId) != null && !dryRun()) {
            throw new ClientNotSyncedYet("Toggl client " + id(clientId) + " has no contact yet; tried again later");
        }
        return contact;
    }

    /** {@link #contactForProject}, with {@link #contactForClientOrRetry} for the project's client. */
    public String contactForProjectOrRetry(Object projectId) {
        return contactForProject(projectId, this::contactForClientOrRetry);
    }

    private boolean dryRun() {
        return Settings.of(context).getBoolean(SyncSettings.DRY_RUN, false);
    }

    /** The Toggl client for a contact: the one created from it, or the one it was created from. */
    public String clientForContact(Object contactId) {
        String id = id(contactId);
        if (id == null) {
            return null;
        }
        SyncLinks.Link link = links().find(links().hub(), "contact", id, TOGGL, "client");
        if (link != null && link.targetId() != null) {
            return link.targetId();
        }
        return links().externalId(TOGGL, "client", id);
    }

    /** A project (cached; one Toggl call when unknown), or null when Toggl has no such project. */
    public Map<String, Object> project(Object projectId) {
        String pid = id(projectId);
        if (pid == null) {
            return null;
        }
        Map<String, Object> cached = state().get(PROJECT, pid);
        if (cached != null) {
            return cached;
        }
        try {
            Map<String, Object> project = TogglQuota.spending(TogglQuota.LOOKUPS,
                    () -> toggl().callForMap("get-project", Map.of("project_id", pid), null));
            if (project.isEmpty()) {
                return null;
            }
            state().put(PROJECT, pid, kept(project));
            return kept(project);
        } catch (NotFound e) {
            return null;
        }
    }

    public String projectName(Object projectId) {
        Map<String, Object> p = project(projectId);
        return p == null || p.get("name") == null ? null : String.valueOf(p.get("name"));
    }

    /**
     * Project changes keep the cache current (and deleted projects leave it). Answers the project as
     * it was cached when this change renames it (so its old tag can go), else null.
     */
    public Map<String, Object> rememberProject(Map<String, Object> project, String action) {
        String pid = id(project.get("id"));
        if (pid == null) {
            return null;
        }
        if ("deleted".equals(action) || project.get("server_deleted_at") != null) {
            state().remove(PROJECT, pid);
            return null;
        }
        Map<String, Object> before = state().put(PROJECT, pid, kept(project));
        return before != null && before.get("name") != null && !before.get("name").equals(project.get("name"))
                ? before : null;
    }

    /** What the cache keeps of a project (its name for tags and notes, its client, whether active). */
    private static Map<String, Object> kept(Map<String, Object> project) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String k : List.of("id", "name", "client_id", "active", "workspace_id")) {
            p.put(k, project.get(k));
        }
        return p;
    }

    /** Task changes keep the task cache current (the project a task is in, for edits made in HighLevel). */
    public void rememberTask(Map<String, Object> task, String action) {
        String tid = id(task.get("id"));
        if (tid == null) {
            return;
        }
        if ("deleted".equals(action) || task.get("server_deleted_at") != null) {
            state().remove(TASK, tid);
            return;
        }
        Map<String, Object> t = new LinkedHashMap<>();
        for (String k : List.of("id", "name", "project_id", "active")) {
            t.put(k, task.get(k));
        }
        state().put(TASK, tid, t);
    }

    /** The project of a Toggl task the bridge has seen, or null. */
    public String projectOfTask(Object taskId) {
        String tid = id(taskId);
        Map<String, Object> task = tid == null ? null : state().get(TASK, tid);
        return task == null ? null : id(task.get("project_id"));
    }

    /**
     * An active project of the client: from the cache, else from Toggl (one read, then cached); null
     * when the client has none (then the flow makes one with {@link #newProject}).
     */
    @SuppressWarnings("unchecked")
    public String projectOfClient(Object clientId) {
        String cid = id(clientId);
        if (cid == null) {
            return null;
        }
        for (Map<String, Object> p : state().all(PROJECT)) {
            if (cid.equals(id(p.get("client_id"))) && !Boolean.FALSE.equals(p.get("active"))) {
                return id(p.get("id"));
            }
        }
        Object listed = TogglQuota.spending(TogglQuota.LOOKUPS,
                () -> toggl().call("list-projects", Map.of("client_ids", cid, "active", "true"), null));
        if (listed instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> p && cid.equals(id(p.get("client_id"))) && !Boolean.FALSE.equals(p.get("active"))
                        && p.get("server_deleted_at") == null) {
                    return created(p);
                }
            }
        }
        return null;
    }

    /** Ids of the client's active projects: those cached, else one read of the client's active projects. */
    public List<String> activeProjectsOf(Object clientId) {
        String cid = id(clientId);
        List<String> out = new ArrayList<>();
        if (cid == null) {
            return out;
        }
        for (Map<String, Object> p : state().all(PROJECT)) {
            if (cid.equals(id(p.get("client_id"))) && !Boolean.FALSE.equals(p.get("active"))) {
                out.add(id(p.get("id")));
            }
        }
        if (out.isEmpty()) {
            Object listed = TogglQuota.spending(TogglQuota.LOOKUPS,
                    () -> toggl().call("list-projects", Map.of("client_ids", cid, "active", "true"), null));
            if (listed instanceof List<?> rows) {
                for (Object row : rows) {
                    if (row instanceof Map<?, ?> p && cid.equals(id(p.get("client_id"))) && p.get("server_deleted_at") == null) {
                        out.add(created(p));
                    }
                }
            }
        }
        return out;
    }

    /** The body of a new project for the client's tasks: named after the client (one Toggl read for the name). */
    public Map<String, Object> newProject(Object clientId) {
        String cid = id(clientId);
        Object client = TogglQuota.spending(TogglQuota.LOOKUPS, () -> toggl().call("get-client", Map.of("client_id", cid), null));
        String name = client instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : "Client " + cid;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("client_id", Long.parseLong(cid));
        body.put("active", true);
        return body;
    }

    /** Keeps a project the flow created (the answer of create-project) in the cache; its id. */
    @SuppressWarnings("unchecked")
    public String created(Object project) {
        if (project instanceof Map<?, ?> p && p.get("id") != null) {
            rememberProject((Map<String, Object>) p, "created");
            return id(p.get("id"));
        }
        return null;
    }

    /** A client with exactly this name (before creating one: a create that timed out may have succeeded). */
    public String clientNamed(Object name) {
        if (name == null || String.valueOf(name).isBlank()) {
            return null;
        }
        Object list = TogglQuota.spending(TogglQuota.LOOKUPS,
                () -> toggl().call("list-clients", Map.of("status", "both", "name", String.valueOf(name)), null));
        if (list instanceof List<?> clients) {
            for (Object c : clients) {
                if (c instanceof Map<?, ?> m && String.valueOf(name).equalsIgnoreCase(String.valueOf(m.get("name")))) {
                    return id(m.get("id"));
                }
            }
        }
        return null;
    }

    private static String id(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(v).trim();
        return s.isEmpty() || s.equals("null") ? null : s;
    }
}
