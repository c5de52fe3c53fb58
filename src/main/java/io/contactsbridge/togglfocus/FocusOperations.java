package io.contactsbridge.togglfocus;

import static io.contactsbridge.connector.http.ApiOperation.Param.path;
import static io.contactsbridge.connector.http.ApiOperation.Param.pathId;
import static io.contactsbridge.connector.http.ApiOperation.Param.requiredQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiOperation.In;
import io.contactsbridge.connector.http.ApiOperation.Param;

/**
 * Every Toggl Focus operation the bridge offers, as routes {@code direct:toggl-focus.<id>}: the
 * calendar-integration API in both of its path forms (organization-scoped, and with the prefix
 * {@value #WORKSPACE_FORM} the workspace-scoped one) and the planned time entries the appointment
 * flow writes. Path parameters are headers named like Toggl's ({@code integration_id},
 * {@code calendar_id}); {@code organization_id}, {@code workspace_id} and {@code return_to} default
 * to the configured ones. Set-up and write-scope requests answer {@code {status, location}}: the
 * provider's OAuth page from the 302, for a person to open (the redirect is never followed).
 */
public final class FocusOperations {
    public static final String NAMESPACE = TogglFocusConnector.ID;
    /** Prefix of the workspace-scoped form of a calendar operation. */
    public static final String WORKSPACE_FORM = "workspace-";
    static final String ORGANIZATION = "organization_id";
    static final String WORKSPACE = "workspace_id";
    static final String RETURN_TO = "return_to";
    static final String ORG_PREFIX = "/organizations/{organization_id}/workspaces/{workspace_id}";
    static final String WS_PREFIX = "/workspaces/{workspace_id}";

    private static final List<ApiOperation> ALL = new ArrayList<>();

    static {
        calendar("list-calendar-integrations", "GET", "", List.of(), null, false,
                "Calendar integrations (connected e-mail accounts) with their calendars, scopes and error_status");
        calendar("setup-calendar-integration", "GET", "/setup", List.of(requiredQuery("provider", "string", null,
                        "Calendar provider (google, outlook)"), returnTo()), null, false,
                "Start connecting a calendar account: answers the provider's OAuth URL (location) to open");
        calendar("list-integration-calendars", "GET", "/{integration_id}", List.of(integration()), null, false,
                "The calendars of one integration");
        calendar("update-integration-calendar", "PUT", "/{integration_id}/calendars/{calendar_id}",
                List.of(integration(), path("calendar_id", "Calendar id")), "Calendar", true,
                "Update a calendar (body: selected, default_project_id, default_workspace_id, background_color, foreground_color, ...)");
        calendar("delete-calendar-integration", "DELETE", "/{integration_id}", List.of(integration()), null, true,
                "Delete a calendar integration");
        calendar("request-calendar-write-scope", "GET", "/{integration_id}/reauth", List.of(integration(), returnTo()), null,
                false, "Ask the provider for write access: answers the re-authorization URL (location) to open");
        calendar("refresh-calendar-integration", "POST", "/{integration_id}/update", List.of(integration()), null, true,
                "Refresh an integration from its provider; answers its calendars");

        add("list-time-entries", "GET", ORG_PREFIX + "/time-entries", List.of(org(), ws(),
                        requiredQuery("date_from", "string", null, "From (RFC 3339)"),
                        requiredQuery("date_to", "string", null, "To (RFC 3339)")),
                null, false, false, "Time entries, planned ones included, between two times");
        add("create-time-entry", "POST", ORG_PREFIX + "/time-entries", List.of(org(), ws()), "TimeEntry", true, true,
                "Create a time entry; a planned one has planned_start and planned_duration (seconds) and no start");
        add("update-time-entry", "PATCH", ORG_PREFIX + "/time-entries/{time_entry_id}", List.of(org(), ws(), entry()),
                "TimeEntry", true, false, "Change a time entry's fields");
        add("delete-time-entry", "DELETE", ORG_PREFIX + "/time-entries/{time_entry_id}", List.of(org(), ws(), entry()),
                null, true, false, "Delete a time entry");
    }

    private FocusOperations() {
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL);
    }

    /** The organization-scoped operation and its workspace-scoped twin ({@value #WORKSPACE_FORM}...). */
    private static void calendar(String id, String method, String rest, List<Param> params, String body, boolean write,
                                 String description) {
        List<Param> org = new ArrayList<>(List.of(org(), ws()));
        org.addAll(params);
        add(id, method, ORG_PREFIX + "/integrations/calendar" + rest, org, body, write, false, description);
        List<Param> workspace = new ArrayList<>(List.of(ws()));
        workspace.addAll(params);
        add(WORKSPACE_FORM + id, method, WS_PREFIX + "/integrations/calendar" + rest, workspace, body, write, false,
                description + " (workspace-scoped path)");
    }

    private static Param org() {
        return pathId(ORGANIZATION, ORGANIZATION, "Organization id (default: TOGGL_FOCUS_ORGANIZATION_ID)");
    }

    private static Param ws() {
        return pathId(WORKSPACE, WORKSPACE, "Workspace id (default: TOGGL_FOCUS_WORKSPACE_ID)");
    }

    private static Param integration() {
        return path("integration_id", "Calendar integration id (calendar_integration_id)");
    }

    private static Param entry() {
        return path("time_entry_id", "Time entry id");
    }

    private static Param returnTo() {
        return new Param(RETURN_TO, In.QUERY, false, "string", RETURN_TO,
                "Where the provider sends the user back (default: TOGGL_FOCUS_RETURN_TO)");
    }

    private static void add(String id, String method, String path, List<Param> params, String body, boolean write,
                            boolean create, String description) {
        ALL.add(new ApiOperation(NAMESPACE, id, NAMESPACE + "." + id, method, ApiOperation.API, path, params, body, Set.of(),
                null, write, create, null, description));
    }
}
