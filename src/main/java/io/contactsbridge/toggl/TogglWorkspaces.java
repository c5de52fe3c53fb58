package io.contactsbridge.toggl;

import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.sync.InboxConsumer;
import io.contactsbridge.sync.SyncAudit;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncRouter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the workspace flow ({@code toggl-workspace-to-audit}) calls, bound as {@value #BEAN}: the
 * workspaces the bridge has seen are kept in the store (kind {@code workspace}); one it has not seen is
 * recorded with an audit row and a log line. The first look at the workspaces (nothing known yet) records
 * them as known, not new, unless Toggl said {@code created}. {@code toggl.workspace-owners} names the
 * contact that owns a workspace (it gets a note about a new one).
 */
public class TogglWorkspaces {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWorkspaces.class);
    public static final String BEAN = "togglWorkspaces";
    static final String KIND = "workspace";
    static final String NEW = "recorded-new-workspace";
    static final String KNOWN = "recorded-known-workspace";

    private final CamelContext context;
    private final TogglSettings settings;
    private volatile StateTable state;

    public TogglWorkspaces(CamelContext context, TogglSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    private StateTable state() {
        if (state == null) {
            state = StateTable.of(context, TogglContacts.TOGGL);
        }
        return state;
    }

    /** Records the workspace in the body when it is not known yet; true when it is a new workspace. */
    @SuppressWarnings("unchecked")
    public boolean record(Exchange exchange) {
        Map<String, Object> workspace = exchange.getMessage().getBody(Map.class);
        Object id = workspace == null ? null : workspace.get("id");
        if (id == null) {
            return false;
        }
        String wid = id instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(id);
        boolean firstLook = state().all(KIND).isEmpty();
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("id", wid);
        kept.put("name", workspace.get("name"));
        kept.put("organization_id", workspace.get("organization_id"));
        if (state().put(KIND, wid, kept) != null) {
            return false;
        }
        CanonicalChange change = exchange.getProperty(InboxConsumer.CHANGE_PROPERTY, CanonicalChange.class);
        boolean isNew = !firstLook || (change != null && change.action() == CanonicalChange.Action.CREATED);
        String detail = "Toggl workspace '" + workspace.get("name") + "' (" + wid + ")";
        SyncAudit audit = context.getRegistry().lookupByNameAndType(SyncCore.AUDIT_BEAN, SyncAudit.class);
        if (audit != null) {
            audit.record(exchange.getProperty(SyncRouter.FLOW_PROPERTY, String.class), change, null, wid, null, null,
                    isNew ? NEW : KNOWN, null, detail);
        }
        LOG.info("{} {} [event {}]", detail, isNew ? "is new: recorded" : "recorded (first look at the workspaces)",
                change == null ? "-" : change.eventId());
        return isNew;
    }

    /** The HighLevel contact that owns the workspace ({@code toggl.workspace-owners}), or null. */
    public String owner(Object workspaceId) {
        if (workspaceId == null) {
            return null;
        }
        try {
            long wid = workspaceId instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(workspaceId).trim());
            return settings.workspaceOwners().get(wid);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The note the owner gets. */
    public Map<String, Object> note(Map<String, Object> workspace) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("body", "New Toggl workspace '" + workspace.get("name") + "' (id " + workspace.get("id") + ")");
        return note;
    }
}
