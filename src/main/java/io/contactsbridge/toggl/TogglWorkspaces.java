package io.contactsbridge.toggl;

import java.util.LinkedHashMap;
import java.util.List;
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
 * recorded with an audit row and a log line. The workspaces of the first look (the first poll that lists
 * them while none is known, kept as {@value #FIRST_LOOK}) are recorded as known, not new, unless Toggl
 * said {@code created}; the look is decided once for the whole list, as its changes are worked one by
 * one and in any order. {@code toggl.workspace-owners} names the contact that owns a workspace (it gets
 * a note about a new one).
 */
public class TogglWorkspaces {
    private static final Logger LOG = LoggerFactory.getLogger(TogglWorkspaces.class);
    public static final String BEAN = "togglWorkspaces";
    static final String KIND = "workspace";
    static final String NEW = "recorded-new-workspace";
    static final String KNOWN = "recorded-known-workspace";
    /** State kind of the first look: the ids the first poll listed ({@code ids}). */
    static final String FIRST_LOOK = "workspace_first_look";
    static final String FIRST_LOOK_ID = "poll";

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
        boolean firstLook = firstLook(state(), wid);
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

    /**
     * Called by the poll with the workspaces it lists: the first time, they are the first look (when
     * none is known yet; when some are, an earlier version of the bridge had its first look already).
     */
    static void listed(StateTable state, List<String> ids) {
        if (state.get(FIRST_LOOK, FIRST_LOOK_ID) == null) {
            state.put(FIRST_LOOK, FIRST_LOOK_ID, Map.of("ids", state.all(KIND).isEmpty() ? ids : List.of()));
        }
    }

    /** Whether the workspace belongs to the first look: listed by it, or (no poll yet) nothing is known. */
    static boolean firstLook(StateTable state, String wid) {
        Map<String, Object> look = state.get(FIRST_LOOK, FIRST_LOOK_ID);
        if (look == null) {
            return state.all(KIND).isEmpty();
        }
        return look.get("ids") instanceof List<?> ids && ids.contains(wid);
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
