package io.contactsbridge.toggl;

import static io.contactsbridge.connector.http.ApiOperation.Param.pathId;
import static io.contactsbridge.connector.http.ApiOperation.Param.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsbridge.connector.http.ApiOperation.Param;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.Paging;

/**
 * Every Toggl Track action and read the bridge uses, as routes {@code direct:toggl.<id>} (route id
 * the same): API v9 paths from the vendor's swagger, and the Webhooks API v1 (base {@value #WEBHOOKS}).
 * Path parameters come from headers named like the spec ({@code workspace_id}, {@code client_id};
 * camelCase works too); {@code workspace_id} and {@code organization_id} default to the configured
 * ones. The request body is the message body (a Map or JSON text); the answer the parsed JSON.
 */
public final class TogglOperations {
    public static final String NAMESPACE = "toggl";
    /** Base URL key of the Webhooks API v1. */
    public static final String WEBHOOKS = "webhooks";
    /** Base URL key of the Reports API v3. */
    public static final String REPORTS = "reports";
    static final String WORKSPACE = "workspace_id";
    static final String ORGANIZATION = "organization_id";
    static final int TASK_PAGE = 200;

    private static final List<ApiOperation> ALL = new ArrayList<>();

    static {
        // actions
        write("create-client", "POST", "/workspaces/{workspace_id}/clients", List.of(ws()), "Create a client (body: name, notes)", true);
        write("update-client", "PUT", "/workspaces/{workspace_id}/clients/{client_id}", List.of(ws(), id("client_id")),
                "Update a client's name or notes", false);
        action("archive-client", "POST", "/workspaces/{workspace_id}/clients/{client_id}/archive",
                List.of(ws(), id("client_id")), null, "Archive a client and its projects");
        write("create-project", "POST", "/workspaces/{workspace_id}/projects", List.of(ws()),
                "Create a project (body: name, client_id, active, is_private, ...)", true);
        write("create-task", "POST", "/workspaces/{workspace_id}/projects/{project_id}/tasks", List.of(ws(), id("project_id")),
                "Create a task in a project (body: name, active, estimated_seconds, user_id)", true);
        write("update-task", "PUT", "/workspaces/{workspace_id}/projects/{project_id}/tasks/{task_id}",
                List.of(ws(), id("project_id"), id("task_id")), "Update a task (body: name, active, estimated_seconds, user_id)", false);
        write("create-invitation", "POST", "/organizations/{organization_id}/invitations", List.of(org()),
                "Invite users to the organization (body: emails[], workspaces[{workspace_id, admin, role}])", false);
        write("add-project-member", "POST", "/workspaces/{workspace_id}/project_users", List.of(ws()),
                "Add a user to a project (body: project_id, user_id, manager, rate)", false);
        // reads
        read("get-workspace", "/workspaces/{workspace_id}", List.of(ws()), null, "The configured workspace (the connection check)");
        read("get-client", "/workspaces/{workspace_id}/clients/{client_id}", List.of(ws(), id("client_id")), null, "One client");
        read("list-clients", "/workspaces/{workspace_id}/clients", List.of(ws(),
                        query("status", "string", "active, archived or both"), query("name", "string", "Name substring")),
                null, "Clients of the workspace");
        read("get-project", "/workspaces/{workspace_id}/projects/{project_id}", List.of(ws(), id("project_id")), null, "One project");
        read("list-projects", "/workspaces/{workspace_id}/projects", List.of(ws(),
                        query("name", "string", "Name filter"), query("client_ids", "string", "Client ids, comma-separated"),
                        query("active", "string", "true, false or both")),
                null, "Projects of the workspace");
        read("get-task", "/workspaces/{workspace_id}/projects/{project_id}/tasks/{task_id}",
                List.of(ws(), id("project_id"), id("task_id")), null, "One task");
        read("list-project-tasks", "/workspaces/{workspace_id}/projects/{project_id}/tasks", List.of(ws(), id("project_id")),
                null, "Tasks of one project");
        read("changed-clients", "/me/clients", List.of(query("since", "integer", "Unix time")), null,
                "Clients created, changed or deleted since a unix time");
        read("changed-projects", "/me/projects", List.of(query("since", "integer", "Unix time"),
                query("include_archived", "string", "true to include archived projects")), null,
                "Projects created, changed or deleted since a unix time");
        read("changed-tasks", "/me/tasks", List.of(query("since", "integer", "Unix time"),
                        query("include_not_active", "string", "true to include done tasks"),
                        query("offset", "integer", "Rows to skip"), query("per_page", "integer", "Page size")),
                Paging.offset("items", "offset", "per_page", TASK_PAGE, true),
                "Tasks created, changed or deleted since a unix time (followPages=true: all pages)");
        read("changed-time-entries", "/me/time_entries", List.of(query("since", "integer", "Unix time"),
                        query("start_date", "string", "Start from (YYYY-MM-DD or RFC 3339), with end_date"),
                        query("end_date", "string", "Start before (YYYY-MM-DD or RFC 3339), with start_date")), null,
                "The token owner's time entries: changed since a unix time (deleted ones too), or started in a window");
        read("changed-workspaces", "/me/workspaces", List.of(query("since", "integer", "Unix time")), null,
                "The user's workspaces (changed since a unix time)");
        read("list-workspace-users", "/workspaces/{workspace_id}/workspace_users", List.of(ws()), null,
                "Users of the workspace, invited ones included (inactive until they join)");
        read("list-project-users", "/workspaces/{workspace_id}/project_users", List.of(ws(),
                        query("project_ids", "string", "Project ids, comma-separated"), query("user_id", "integer", "A user")),
                null, "Project members of the workspace");
        add("search-time-entries", "POST", REPORTS, "/workspace/{workspace_id}/search/time_entries", List.of(ws()),
                "SearchTimeEntries", false, false, TogglReportPages.INSTANCE,
                "Every user's time entries of the workspace (Reports API v3 detailed search; body: start_date, end_date, "
                        + "page_size; followPages=true: all pages)");
        // Webhooks API v1: this bridge's subscription
        hook("list-subscriptions", "GET", "/subscriptions/{workspace_id}", List.of(ws()), null, false, "Webhook subscriptions of the workspace");
        hook("create-subscription", "POST", "/subscriptions/{workspace_id}", List.of(ws()), "Subscription", true,
                "Create a webhook subscription (body: url_callback, event_filters, enabled, description, secret)");
        hook("enable-subscription", "PATCH", "/subscriptions/{workspace_id}/{subscription_id}",
                List.of(ws(), id("subscription_id")), "SubscriptionEnabled", false, "Enable or disable a subscription (body: enabled)");
        hook("delete-subscription", "DELETE", "/subscriptions/{workspace_id}/{subscription_id}",
                List.of(ws(), id("subscription_id")), null, false, "Delete a subscription");
        hook("ping-subscription", "POST", "/ping/{workspace_id}/{subscription_id}", List.of(ws(), id("subscription_id")),
                null, false, "Ask Toggl to send a PING to the subscription's callback");
    }

    private TogglOperations() {
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL);
    }

    private static Param ws() {
        return pathId(WORKSPACE, WORKSPACE, "Workspace id (default: TOGGL_WORKSPACE_ID)");
    }

    private static Param org() {
        return pathId(ORGANIZATION, ORGANIZATION, "Organization id (default: TOGGL_ORGANIZATION_ID)");
    }

    private static Param id(String name) {
        return pathId(name, null, name.replace('_', ' '));
    }

    private static void write(String id, String method, String path, List<Param> params, String description, boolean create) {
        add(id, method, ApiOperation.API, path, params, "JSON", true, create, null, description);
    }

    private static void action(String id, String method, String path, List<Param> params, String body, String description) {
        add(id, method, ApiOperation.API, path, params, body, true, false, null, description);
    }

    private static void read(String id, String path, List<Param> params, Paging paging, String description) {
        add(id, "GET", ApiOperation.API, path, params, null, false, false, paging, description);
    }

    private static void hook(String id, String method, String path, List<Param> params, String body, boolean create,
                             String description) {
        add(id, method, WEBHOOKS, path, params, body, !"GET".equals(method), create, null, description);
    }

    private static void add(String id, String method, String base, String path, List<Param> params, String body,
                            boolean write, boolean create, Paging paging, String description) {
        ALL.add(new ApiOperation(NAMESPACE, id, NAMESPACE + "." + id, method, base, path, params, body, Set.of(), null,
                write, create, paging, description));
    }
}
