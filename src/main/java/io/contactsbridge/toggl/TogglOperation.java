package io.contactsbridge.toggl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Toggl Track action or read, served by the route {@code direct:toggl.<id>} (route id the
 * same). Path parameters come from headers named like the spec ({@code workspace_id},
 * {@code client_id}, ...; {@code workspace_id} and {@code organization_id} default to the
 * configured ones), query parameters from headers of the same name, the request body is the
 * message body (a Map or JSON text). The answer is the parsed JSON body.
 */
public record TogglOperation(String id, String method, String path, List<String> query, boolean hasBody,
                             String description) {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    public String endpoint() {
        return "direct:toggl." + id;
    }

    public String routeId() {
        return "toggl." + id;
    }

    public List<String> pathParams() {
        List<String> out = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The path with its parameters filled in; throws IllegalArgumentException naming a missing one. */
    public String expand(Map<String, ?> params) {
        Matcher m = PARAM.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = params.get(m.group(1));
            if (v == null || String.valueOf(v).isBlank()) {
                throw new IllegalArgumentException("toggl." + id + " needs the path parameter '" + m.group(1) + "'");
            }
            String s = String.valueOf(v).trim();
            if (!s.matches("\\d+")) {
                throw new IllegalArgumentException("toggl." + id + ": path parameter '" + m.group(1)
                        + "' must be a number, not '" + s + "'");
            }
            m.appendReplacement(sb, s);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static final List<TogglOperation> ALL = List.of(
            // actions
            new TogglOperation("create-client", "POST", "/workspaces/{workspace_id}/clients", List.of(), true,
                    "Create a client (body: name, notes)"),
            new TogglOperation("update-client", "PUT", "/workspaces/{workspace_id}/clients/{client_id}", List.of(), true,
                    "Update a client's name or notes"),
            new TogglOperation("archive-client", "POST", "/workspaces/{workspace_id}/clients/{client_id}/archive", List.of(), false,
                    "Archive a client and its projects"),
            new TogglOperation("create-project", "POST", "/workspaces/{workspace_id}/projects", List.of(), true,
                    "Create a project (body: name, client_id, active, is_private, ...)"),
            new TogglOperation("create-task", "POST", "/workspaces/{workspace_id}/projects/{project_id}/tasks", List.of(), true,
                    "Create a task in a project (body: name, active, estimated_seconds, user_id)"),
            new TogglOperation("update-task", "PUT", "/workspaces/{workspace_id}/projects/{project_id}/tasks/{task_id}",
                    List.of(), true, "Update a task (body: name, active, estimated_seconds, user_id)"),
            new TogglOperation("create-invitation", "POST", "/organizations/{organization_id}/invitations", List.of(), true,
                    "Invite users to the organization (body: emails[], workspaces[{workspace_id, admin, role}])"),
            new TogglOperation("add-project-member", "POST", "/workspaces/{workspace_id}/project_users", List.of(), true,
                    "Add a user to a project (body: project_id, user_id, manager, rate)"),
            // reads
            new TogglOperation("get-client", "GET", "/workspaces/{workspace_id}/clients/{client_id}", List.of(), false,
                    "One client"),
            new TogglOperation("list-clients", "GET", "/workspaces/{workspace_id}/clients", List.of("status", "name"), false,
                    "Clients of the workspace (status active|archived|both, name substring)"),
            new TogglOperation("get-project", "GET", "/workspaces/{workspace_id}/projects/{project_id}", List.of(), false,
                    "One project"),
            new TogglOperation("get-task", "GET", "/workspaces/{workspace_id}/projects/{project_id}/tasks/{task_id}", List.of(),
                    false, "One task"),
            new TogglOperation("list-project-tasks", "GET", "/workspaces/{workspace_id}/projects/{project_id}/tasks", List.of(),
                    false, "Tasks of one project"),
            new TogglOperation("changed-clients", "GET", "/me/clients", List.of("since"), false,
                    "Clients created, changed or deleted since a unix time"),
            new TogglOperation("changed-projects", "GET", "/me/projects", List.of("since", "include_archived"), false,
                    "Projects created, changed or deleted since a unix time"),
            new TogglOperation("changed-tasks", "GET", "/me/tasks", List.of("since", "include_not_active", "offset", "per_page"),
                    false, "Tasks created, changed or deleted since a unix time"),
            new TogglOperation("changed-time-entries", "GET", "/me/time_entries", List.of("since"), false,
                    "Time entries created, changed or deleted since a unix time"));

    public static TogglOperation byId(String id) {
        String key = id.startsWith("toggl.") ? id.substring("toggl.".length()) : id;
        return ALL.stream().filter(o -> o.id.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Toggl operation '" + id + "'"));
    }

    /** For {@code catalog} / {@code call}: the operation described as plain data. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operationId", routeId());
        m.put("endpoint", endpoint());
        m.put("method", method);
        m.put("path", path);
        m.put("pathParams", pathParams());
        m.put("queryParams", query);
        m.put("body", hasBody);
        m.put("description", description);
        return m;
    }
}
