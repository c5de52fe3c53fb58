package io.contactsbridge.hubstaff;

import static io.contactsbridge.connector.http.ApiOperation.Param.header;
import static io.contactsbridge.connector.http.ApiOperation.Param.path;
import static io.contactsbridge.connector.http.ApiOperation.Param.pathId;
import static io.contactsbridge.connector.http.ApiOperation.Param.query;
import static io.contactsbridge.connector.http.ApiOperation.Param.requiredQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiOperation.Param;
import io.contactsbridge.connector.http.Paging;

/**
 * Every Hubstaff API v2 action and read the bridge uses, as routes {@code direct:hubstaff.<id>}:
 * paths (after {@code /v2}, which the base URL ends with) and parameter names from the curated
 * OpenAPI ({@code src/test/resources/vendor/hubstaff}). {@code organization_id} defaults to
 * HUBSTAFF_ORGANIZATION_ID. Lists page by cursor ({@code page_start_id}, {@code page_limit},
 * {@code pagination.next_page_start_id}); {@code followPages=true} reads every page.
 */
public final class HubstaffOperations {
    public static final String NAMESPACE = "hubstaff";
    static final String ORGANIZATION = "organization_id";
    static final int PAGE = 100;
    /** Header of the webhook activation: the secret Hubstaff sent in the handshake. */
    public static final String HOOK_SECRET = "X-Hook-Secret";

    private static final List<ApiOperation> ALL = new ArrayList<>();

    static {
        // reads
        read("get-me", "/users/me", List.of(), null, "The user the token acts for");
        read("get-organization", "/organizations/{organization_id}", List.of(org()), null,
                "The configured organization (the connection check)");
        read("list-clients", "/organizations/{organization_id}/clients", paged(org(),
                query("status", "string", "active, archived or all (default active)")),
                new HubstaffPaging("clients", PAGE), "Clients of the organization");
        read("get-client", "/clients/{client_id}", List.of(id("client_id")), null, "One client");
        read("list-projects", "/organizations/{organization_id}/projects", paged(org(),
                        query("status", "string", "active, archived or all (default active)"),
                        query("project_ids", "string", "Project ids")),
                new HubstaffPaging("projects", PAGE), "Projects of the organization");
        read("get-project", "/projects/{project_id}", List.of(id("project_id")), null, "One project");
        read("list-members", "/organizations/{organization_id}/members", paged(org(),
                        query("updated_at[start]", "string", "Updated at or after (ISO 8601, inclusive)"),
                        query("updated_at[stop]", "string", "Updated before (ISO 8601)"),
                        query("include_removed", "string", "true to include removed members"),
                        query("search[email]", "string", "E-mail filter"),
                        query("include", "string", "users: side-load the users (names, e-mails)")),
                new HubstaffPaging("members", PAGE), "Members of the organization");
        read("list-tasks", "/organizations/{organization_id}/tasks", paged(org(),
                        query("status", "string", "active, completed, deleted, archived, ..."),
                        query("project_ids", "string", "Project ids"), query("user_ids", "string", "Assignee user ids"),
                        query("include", "string", "users, projects: side-load them")),
                new HubstaffPaging("tasks", PAGE), "To-dos of the organization");
        read("list-project-tasks", "/projects/{project_id}/tasks", paged(id("project_id"),
                        query("status", "string", "active, completed, deleted, archived, ...")),
                new HubstaffPaging("tasks", PAGE), "To-dos of one project");
        read("get-task", "/tasks/{task_id}", List.of(id("task_id")), null, "One to-do (with its lock_version)");
        read("list-daily-activities", "/organizations/{organization_id}/activities/daily", paged(org(),
                        requiredQuery("date[start]", "string", null, "First day (YYYY-MM-DD)"),
                        query("date[stop]", "string", "Last day (YYYY-MM-DD)"),
                        query("project_ids", "string", "Project ids"), query("user_ids", "string", "User ids"),
                        query("include", "string", "users, projects, tasks: side-load them")),
                new HubstaffPaging("daily_activities", PAGE), "Tracked time per user, project, task and day");
        read("get-webhook", "/webhooks/{webhook_id}", List.of(path("webhook_id", "Webhook id")), null, "One webhook subscription");
        // actions
        write("create-client", "POST", "/organizations/{organization_id}/clients", List.of(org()),
                "Create a client (body: name, emails, phone, address, ...)", true);
        write("update-client", "PUT", "/clients/{client_id}", List.of(id("client_id")),
                "Update a client (partial; null clears budget, invoice_notes, net_terms)", false);
        write("create-project", "POST", "/organizations/{organization_id}/projects", List.of(org()),
                "Create a project (body: name required, client_id, description, members)", true);
        write("create-task", "POST", "/projects/{project_id}/tasks", List.of(id("project_id")),
                "Create a to-do in a project (body: summary, details, assignee_id, due_at)", true);
        write("update-task", "PUT", "/tasks/{task_id}", List.of(id("task_id")),
                "Update a to-do (body: lock_version required; summary, details, status, assignee_id, due_at)", false);
        add("delete-task", "DELETE", "/tasks/{task_id}", List.of(id("task_id")), null, true, false, null, "Delete a to-do (204)");
        write("create-webhook", "POST", "/organizations/{organization_id}/webhooks", List.of(org()),
                "Create a webhook (body: target_url, events); Hubstaff then posts the handshake to target_url", true);
        add("activate-webhook", "POST", "/webhooks/{webhook_id}/activate", List.of(path("webhook_id", "Webhook id"),
                header(HOOK_SECRET, true, "The secret of the handshake")), null, true, false, null,
                "Activate a webhook after its handshake (201)");
        add("delete-webhook", "DELETE", "/webhooks/{webhook_id}", List.of(path("webhook_id", "Webhook id")), null, true, false,
                null, "Delete a webhook (204)");
    }

    private HubstaffOperations() {
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL);
    }

    private static Param org() {
        return pathId(ORGANIZATION, ORGANIZATION, "Organization id (default: HUBSTAFF_ORGANIZATION_ID)");
    }

    private static Param id(String name) {
        return pathId(name, null, name.replace('_', ' '));
    }

    private static List<Param> paged(Param... params) {
        List<Param> all = new ArrayList<>(List.of(params));
        all.add(query(HubstaffPaging.START, "integer", "Cursor: the first id of the page"));
        all.add(query(HubstaffPaging.LIMIT, "integer", "Page size"));
        return all;
    }

    private static void read(String id, String path, List<Param> params, Paging paging, String description) {
        add(id, "GET", path, params, null, false, false, paging, description);
    }

    private static void write(String id, String method, String path, List<Param> params, String description, boolean create) {
        add(id, method, path, params, "JSON", true, create, null, description);
    }

    private static void add(String id, String method, String path, List<Param> params, String body, boolean write,
                            boolean create, Paging paging, String description) {
        ALL.add(new ApiOperation(NAMESPACE, id, NAMESPACE + "." + id, method, ApiOperation.API, path, params, body, Set.of(),
                write ? "hubstaff:write" : "hubstaff:read", write, create, paging, description));
    }
}
