package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.dateParam;
import static io.contactsbridge.sandbox.toggl.TogglParams.epoch;
import static io.contactsbridge.sandbox.toggl.TogglParams.flag;
import static io.contactsbridge.sandbox.toggl.TogglParams.instant;
import static io.contactsbridge.sandbox.toggl.TogglParams.intParam;
import static io.contactsbridge.sandbox.toggl.TogglParams.unixParam;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.Paging;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * Track API v9 under {@code <root>/api/v9}: the user's own reads ({@code /me...}, where {@code since=<unix>}
 * returns what was created, modified or deleted since), the workspace's resources (handed to the resource
 * classes) and the organization (invitations).
 */
final class TogglApi {
    private static final Pattern WS = Pattern.compile("^/workspaces/(\\d+)(/.*)?$");
    private static final Pattern ORG = Pattern.compile("^/organizations/(\\d+)(/.*)?$");

    private final TogglStore store;
    private final Supplier<String> plan;
    private final TogglClients clients;
    private final TogglProjects projects;
    private final TogglTasks tasks;
    private final TogglTimeEntries timeEntries;
    private final TogglMembers members;

    TogglApi(TogglStore store, Supplier<String> plan, TogglClients clients, TogglProjects projects, TogglTasks tasks,
             TogglTimeEntries timeEntries, TogglMembers members) {
        this.store = store;
        this.plan = plan;
        this.clients = clients;
        this.projects = projects;
        this.tasks = tasks;
        this.timeEntries = timeEntries;
        this.members = members;
    }

    /** Answers {@code path} (below /api/v9); the caller holds the store's lock. */
    SimResponse route(SimRequest req, String path) {
        String method = req.method();
        if (method.equals("GET")) {
            SimResponse me = me(req, path);
            if (me != null) {
                return me;
            }
        }
        Matcher ws = WS.matcher(path);
        if (ws.matches()) {
            String rest = ws.group(2) == null ? "" : ws.group(2);
            return store.in(Long.parseLong(ws.group(1)), () -> inWorkspace(req, rest));
        }
        Matcher org = ORG.matcher(path);
        if (org.matches()) {
            if (Long.parseLong(org.group(1)) != TogglSimulator.ORGANIZATION_ID) {
                throw new TogglError(403, "User does not have access to this resource.");
            }
            String rest = org.group(2) == null ? "" : org.group(2);
            if (rest.isEmpty() && method.equals("GET")) {
                return ok(organization());
            }
            SimResponse answer = members.organization(req, rest);
            if (answer != null) {
                return answer;
            }
        }
        throw new TogglError(404, "Not Found");
    }

    private SimResponse inWorkspace(SimRequest req, String rest) {
        if (rest.isEmpty() && req.method().equals("GET")) {
            return ok(store.workspace());
        }
        String full = store.wsPath(rest);
        for (Resource r : List.<Resource>of(clients::route, projects::route, tasks::route, timeEntries::route, members::route)) {
            SimResponse answer = r.route(req, rest, full);
            if (answer != null) {
                return answer;
            }
        }
        throw new TogglError(404, "Not Found");
    }

    /** One resource's routes under the workspace: its answer, or null when the path is not its own. */
    private interface Resource {
        SimResponse route(SimRequest req, String rest, String path);
    }


    private SimResponse me(SimRequest req, String path) {
        return switch (path) {
            case "/me" -> ok(profile(req.queryParam("with_related_data").map("true"::equals).orElse(false)));
            case "/me/workspaces" -> ok(changedWorkspaces(req));
            case "/me/organizations" -> ok(List.of(organization()));
            case "/me/clients" -> ok(changedSince(req, "client", r -> true));
            case "/me/projects" -> {
                boolean archived = flag(req, "include_archived");
                yield ok(changedSince(req, "project", r -> archived || Boolean.TRUE.equals(r.get("active"))));
            }
            case "/me/tasks" -> {
                boolean notActive = flag(req, "include_not_active");
                List<Map<String, Object>> rows = changedSince(req, "task", r -> notActive || Boolean.TRUE.equals(r.get("active")));
                yield ok(Paging.offset(rows, intParam(req, "offset", 0), Math.min(intParam(req, "per_page", 200), 200)).items());
            }
            case "/me/time_entries" -> ok(timeEntries(req).stream().filter(TogglApi::own).toList());
            case "/me/time_entries/current" -> ok(store.live("time_entry").stream()
                    .filter(r -> ((Number) r.get("duration")).longValue() < 0).findFirst().orElse(null));
            default -> null;
        };
    }

    /** With {@code since}: every row created, changed or deleted since; without: the live rows {@code liveFilter} keeps. */
    private List<Map<String, Object>> changedSince(SimRequest req, String table, Predicate<Map<String, Object>> liveFilter) {
        Optional<Long> since = unixParam(req, "since");
        Collection<Map<String, Object>> rows = store.table(table).values();
        if (since.isPresent()) {
            long s = since.get();
            return rows.stream().filter(r -> epoch(r.get("at")) >= s || epoch(r.get("server_deleted_at")) >= s).toList();
        }
        return rows.stream().filter(r -> r.get("server_deleted_at") == null).filter(liveFilter).toList();
    }

    private List<Map<String, Object>> timeEntries(SimRequest req) {
        Optional<String> before = req.queryParam("before");
        Optional<String> startDate = req.queryParam("start_date");
        Optional<String> endDate = req.queryParam("end_date");
        if (req.queryParam("since").isPresent() && before.isPresent()) {
            throw new TogglError(400, "'since' and 'before' can not be present simultaneously");
        }
        if (startDate.isPresent() != endDate.isPresent()) {
            throw new TogglError(400, "'start_date' and 'end_date' must be used together");
        }
        List<Map<String, Object>> rows = changedSince(req, "time_entry", r -> true);
        if (before.isPresent()) {
            Instant b = dateParam("before", before.get());
            rows = rows.stream().filter(r -> instant(r.get("start")).isBefore(b)).toList();
        }
        if (startDate.isPresent()) {
            Instant from = dateParam("start_date", startDate.get());
            Instant to = dateParam("end_date", endDate.get());
            rows = rows.stream().filter(r -> !instant(r.get("start")).isBefore(from) && instant(r.get("start")).isBefore(to)).toList();
        }
        return rows.stream().sorted(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("start"))).reversed())
                .limit(1000).toList();
    }

    private Map<String, Object> profile(boolean related) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", TogglSimulator.USER_ID);
        me.put("email", TogglSimulator.USER_EMAIL);
        me.put("fullname", "Sandbox User");
        me.put("timezone", "UTC");
        me.put("default_workspace_id", TogglSimulator.WORKSPACE_ID);
        me.put("beginning_of_week", 1);
        me.put("at", store.workspace().get("at"));
        if (related) {
            me.put("clients", store.live("client"));
            me.put("projects", store.live("project"));
            me.put("tags", store.live("tag"));
            me.put("time_entries", store.live("time_entry"));
            me.put("workspaces", List.copyOf(store.workspaces().values()));
        }
        return me;
    }

    private Map<String, Object> organization() {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("id", TogglSimulator.ORGANIZATION_ID);
        org.put("name", "Sandbox Organization");
        org.put("pricing_plan_name", plan.get());
        org.put("admin", true);
        org.put("owner", true);
        return org;
    }

    /** {@code /me/time_entries} is the token owner's own entries (every user's: the Reports API). */
    private static boolean own(Map<String, Object> row) {
        return row.get("user_id") instanceof Number n && n.longValue() == TogglSimulator.USER_ID;
    }

    /** The user's workspaces; with {@code since}: those created or changed since. */
    private List<Map<String, Object>> changedWorkspaces(SimRequest req) {
        Optional<Long> since = unixParam(req, "since");
        return store.workspaces().values().stream()
                .filter(w -> since.isEmpty() || epoch(w.get("at")) >= since.get()).toList();
    }
}
