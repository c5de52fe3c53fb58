package io.contactsbridge.sandbox.toggl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * Toggl Track API v9 (the subset the bridge uses) and the Toggl Webhooks API v1, in memory.
 * <ul>
 * <li>{@code <root>/api/v9/...}: Basic auth {@code <token>:api_token} (401 with empty body and
 * {@code X-Authorization-Missing: true} without a header, 403 on a wrong token), error bodies as
 * JSON string literals, rows with {@code at} and (when deleted) {@code server_deleted_at},
 * {@code /me/...?since=<unix>} returning what was created, modified or deleted since.</li>
 * <li>Limits: a real sliding 60-minute quota per plan (402 when spent; {@code /me} calls have their
 * own 30/h) and a leaky bucket (429); {@code X-Toggl-Quota-Remaining}/{@code -Resets-In} on every
 * reply. Knobs at {@code <root>/_limits}; faults (errorRate, latencyMs, failNext, failNextAfterApplying) at
 * {@code <root>/_faults}.</li>
 * <li>{@code <root>/webhooks/api/v1/...}: subscriptions; every change made through the API or the
 * Java "user" methods below is delivered, signed like Toggl, to each enabled and validated
 * subscription whose filters match. PINGs carry a validation code until the subscription is
 * validated.</li>
 * </ul>
 */
public class TogglSimulator implements Simulator {
    public static final String NAME = "toggl";
    public static final String TOKEN = "sandbox-toggl-token";
    public static final long WORKSPACE_ID = 1000;
    public static final long ORGANIZATION_ID = 2000;
    public static final long USER_ID = 5_000_001;
    public static final String WEBHOOK_SECRET = "sandbox-toggl-secret";
    public static final String USER_EMAIL = "sandbox.user@example.com";

    static final String API = "/api/v9";
    static final String WEBHOOKS = "/webhooks/api/v1";
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    static final Map<String, List<String>> EVENT_FILTERS = eventFilters();

    private final ObjectMapper json = new ObjectMapper();
    private final TogglLimits limits = new TogglLimits(Clock.systemUTC());
    private final TogglWebhookSender sender = new TogglWebhookSender(json);
    private final AtomicLong ids = new AtomicLong(100_000);
    private final AtomicLong eventIds = new AtomicLong(88_000_000_001L);

    // table name (= webhook model) -> id -> row; deleted rows stay, marked server_deleted_at
    private final Map<String, Map<Long, Map<String, Object>>> tables = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final Map<Long, List<Map<String, Object>>> deliveries = new LinkedHashMap<>();
    private final List<Map<String, Object>> invitations = new ArrayList<>();
    private final Map<String, Object> workspace = new LinkedHashMap<>();

    // faults
    private double errorRate;
    private int errorStatus = 500;
    private long latencyMillis;
    private int failNext;
    private int failNextStatus = 500;
    private int failNextAfterApplying;
    private int failAfterApplyingStatus = 500;
    private double rateLimitRate;
    private double slowRate;
    private long slowMs = 2_000;
    private long seed;
    private Random random = new Random();
    private final Map<String, Integer> injected = new LinkedHashMap<>();

    public TogglSimulator() {
        for (String t : List.of("client", "project", "task", "time_entry", "tag", "project_user")) {
            tables.put(t, new LinkedHashMap<>());
        }
        Instant now = now();
        workspace.put("id", WORKSPACE_ID);
        workspace.put("organization_id", ORGANIZATION_ID);
        workspace.put("name", "Sandbox Workspace");
        workspace.put("premium", true);
        workspace.put("admin", true);
        workspace.put("role", "admin");
        workspace.put("default_currency", "USD");
        workspace.put("server_deleted_at", null);
        workspace.put("at", ts(now));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("toggl.base-url", rootUrl + API);
        s.put("toggl.webhooks-url", rootUrl + WEBHOOKS);
        s.put("toggl.api-token", TOKEN);
        s.put("toggl.workspace-id", String.valueOf(WORKSPACE_ID));
        s.put("toggl.organization-id", String.valueOf(ORGANIZATION_ID));
        s.put("toggl.webhook-secret", WEBHOOK_SECRET);
        s.put("toggl.plan", "premium");
        int sandbox = rootUrl.lastIndexOf("/sandbox/");
        if (sandbox > 0) {
            // the bridge's own receiver, on the same HTTP root as the simulator
            s.put("toggl.callback-url", rootUrl.substring(0, sandbox) + "/webhooks/toggl");
            s.put("toggl.subscribe-on-start", "true");
        }
        return s;
    }

    @Override
    public void seedDemoData() {
        limits.plan("premium");
        Map<String, Object> acme = createClient("Acme Corporation", "Key account since 2021");
        Map<String, Object> jane = createClient("Jane Cooper", "Freelance designer");
        createClient("Globex Ltd", null);
        Map<String, Object> website = createProject("Acme Website Redesign", id(acme));
        Map<String, Object> branding = createProject("Jane Cooper Branding", id(jane));
        createProject("Internal", null);
        Map<String, Object> wireframes = createTask(id(website), "Wireframes");
        createTask(id(website), "Content migration");
        createTask(id(branding), "Logo concepts");
        Instant start = now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        createTimeEntry(id(website), id(wireframes), "Homepage wireframes", start, 8100);
        createTimeEntry(id(branding), null, "Kick-off call", start.plus(3, ChronoUnit.HOURS), 1800);
        createTag("billable-review");
    }

    // ------------------------------------------------------------------ HTTP entry point

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        String path = request.path();
        if (path.equals("/_faults")) {
            return faults(request);
        }
        if (path.equals("/_limits")) {
            return limitsKnobs(request);
        }
        boolean api = path.startsWith(API + "/") || path.equals(API);
        boolean hooks = path.startsWith(WEBHOOKS + "/");
        if (!api && !hooks) {
            return error(404, "Not Found");
        }
        boolean userScoped = api && path.startsWith(API + "/me");
        SimResponse response = serve(request, api, hooks, userScoped);
        TogglLimits.Verdict quota = limits.quota(userScoped, false);
        return response
                .withHeader("X-Toggl-Quota-Remaining", String.valueOf(quota.remaining()))
                .withHeader("X-Toggl-Quota-Resets-In", String.valueOf(quota.resetsInSeconds()))
                .withHeader("X-Request-Id", UUID.randomUUID().toString().replace("-", ""))
                .withHeader("X-Service-Level", "GREEN");
    }

    private SimResponse serve(SimRequest request, boolean api, boolean hooks, boolean userScoped) {
        String path = request.path();
        if (hooks && request.method().equals("GET")
                && (path.startsWith(WEBHOOKS + "/validate/") || path.equals(WEBHOOKS + "/status"))) {
            // validation links are meant to be opened by anyone; status is public
            try {
                return webhooks(request, path.substring(WEBHOOKS.length()));
            } catch (SimError e) {
                return error(e.status, e.getMessage());
            }
        }
        Optional<String> auth = request.header("Authorization");
        if (auth.isEmpty()) {
            return SimResponse.empty(401).withHeader("X-Authorization-Missing", "true");
        }
        if (!validCredentials(auth.get())) {
            return error(403, "Incorrect username and/or password");
        }
        SimResponse fault = injectedFault();
        if (fault != null) {
            return fault;
        }
        if (api) {
            long wait = limits.rateLimitWaitSeconds();
            if (wait > 0) {
                return error(429, "Too Many Requests").withHeader("Retry-After", String.valueOf(wait));
            }
            if (!limits.quota(userScoped, true).allowed()) {
                return error(402, "You have hit your hourly API request limit for this organization. "
                        + "Please wait until the quota resets (see X-Toggl-Quota-Resets-In).");
            }
        }
        long hold = slowAnswer();
        SimResponse response;
        try {
            synchronized (this) {
                response = api ? api(request, path.substring(API.length())) : webhooks(request, path.substring(WEBHOOKS.length()));
            }
        } catch (SimError e) {
            response = error(e.status, e.getMessage());
        }
        SimResponse lostAnswer = response.status() < 300 ? failureAfterApplying() : null;
        if (lostAnswer != null) {
            return lostAnswer; // applied (its webhooks are on their way), but the caller sees an error
        }
        if (hold > 0) {
            // applied (its webhooks are on their way) but answered late, as a slow server does
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return response;
    }

    private boolean validCredentials(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(TOKEN + ":api_token");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private SimResponse injectedFault() {
        long latency;
        synchronized (this) {
            latency = latencyMillis;
        }
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return pickFault();
        }
    }

    private SimResponse pickFault() {
        if (failNext > 0) {
            failNext--;
            return error(failNextStatus, failNextStatus == 429 ? "Too Many Requests" : "Internal Server Error");
        }
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            injected.merge("5xx", 1, Integer::sum);
            return error(errorStatus, "Internal Server Error");
        }
        if (rateLimitRate > 0 && random.nextDouble() < rateLimitRate) {
            // the leaky bucket's answer (api-notes: 429 with Retry-After), on top of the real bucket
            injected.merge("429", 1, Integer::sum);
            return error(429, "Too Many Requests").withHeader("Retry-After", "1");
        }
        return null;
    }

    private synchronized SimResponse failureAfterApplying() {
        if (failNextAfterApplying <= 0) {
            return null;
        }
        failNextAfterApplying--;
        injected.merge("5xx", 1, Integer::sum);
        return error(failAfterApplyingStatus, "Internal Server Error");
    }

    /** How long to hold this request's answer after it ran (0: not held). */
    private synchronized long slowAnswer() {
        if (slowRate > 0 && random.nextDouble() < slowRate) {
            injected.merge("slow", 1, Integer::sum);
            return slowMs;
        }
        return 0;
    }

    static SimResponse error(int status, String message) {
        // Toggl's error bodies are JSON string literals, not objects
        return SimResponse.json(status, message);
    }

    static final class SimError extends RuntimeException {
        final int status;

        SimError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    // ------------------------------------------------------------------ Track API v9

    private static final Pattern WS = Pattern.compile("^/workspaces/(\\d+)(/.*)?$");
    private static final Pattern ORG = Pattern.compile("^/organizations/(\\d+)(/.*)?$");

    private SimResponse api(SimRequest req, String path) {
        String method = req.method();
        if (path.equals("/me") && method.equals("GET")) {
            return ok(me(req.queryParam("with_related_data").map("true"::equals).orElse(false)));
        }
        if (path.equals("/me/workspaces") && method.equals("GET")) {
            return ok(List.of(workspace));
        }
        if (path.equals("/me/organizations") && method.equals("GET")) {
            return ok(List.of(organization()));
        }
        if (path.equals("/me/clients") && method.equals("GET")) {
            return ok(changedSince(req, "client", r -> true));
        }
        if (path.equals("/me/projects") && method.equals("GET")) {
            boolean archived = flag(req, "include_archived");
            return ok(changedSince(req, "project", r -> archived || Boolean.TRUE.equals(r.get("active"))));
        }
        if (path.equals("/me/tasks") && method.equals("GET")) {
            return ok(meTasks(req));
        }
        if (path.equals("/me/time_entries") && method.equals("GET")) {
            return ok(meTimeEntries(req));
        }
        if (path.equals("/me/time_entries/current") && method.equals("GET")) {
            return ok(live("time_entry").stream().filter(r -> ((Number) r.get("duration")).longValue() < 0)
                    .findFirst().orElse(null));
        }
        Matcher ws = WS.matcher(path);
        if (ws.matches()) {
            checkWorkspace(ws.group(1));
            return workspaceApi(req, ws.group(2) == null ? "" : ws.group(2));
        }
        Matcher org = ORG.matcher(path);
        if (org.matches()) {
            if (Long.parseLong(org.group(1)) != ORGANIZATION_ID) {
                throw new SimError(403, "User does not have access to this resource.");
            }
            String rest = org.group(2) == null ? "" : org.group(2);
            if (rest.isEmpty() && method.equals("GET")) {
                return ok(organization());
            }
            if (rest.equals("/invitations") && method.equals("POST")) {
                return ok(invite(body(req)));
            }
        }
        throw new SimError(404, "Not Found");
    }

    private static final Pattern CLIENT = Pattern.compile("^/clients/(\\d+)(/archive|/restore)?$");
    private static final Pattern PROJECT = Pattern.compile("^/projects/(\\d+)$");
    private static final Pattern PROJECT_TASKS = Pattern.compile("^/projects/(\\d+)/tasks$");
    private static final Pattern TASK = Pattern.compile("^/projects/(\\d+)/tasks/(\\d+)$");
    private static final Pattern TIME_ENTRY = Pattern.compile("^/time_entries/(\\d+)$");
    private static final Pattern TAG = Pattern.compile("^/tags/(\\d+)$");
    private static final Pattern PROJECT_USER = Pattern.compile("^/project_users/(\\d+)$");

    private SimResponse workspaceApi(SimRequest req, String rest) {
        String method = req.method();
        String path = API + "/workspaces/" + WORKSPACE_ID + rest;
        if (rest.isEmpty() && method.equals("GET")) {
            return ok(workspace);
        }
        // clients
        if (rest.equals("/clients")) {
            if (method.equals("GET")) {
                String status = req.queryParam("status").orElse("active");
                String name = req.queryParam("name").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
                return ok(live("client").stream()
                        .filter(r -> status.equals("both") || (status.equals("archived") == Boolean.TRUE.equals(r.get("archived"))))
                        .filter(r -> name == null || String.valueOf(r.get("name")).toLowerCase(Locale.ROOT).contains(name))
                        .toList());
            }
            if (method.equals("POST")) {
                return ok(clientCreate(body(req), path));
            }
        }
        Matcher m = CLIENT.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            String action = m.group(2);
            if (action == null && method.equals("GET")) {
                return ok(found("client", id));
            }
            if (action == null && method.equals("PUT")) {
                return ok(clientUpdate(id, body(req), path));
            }
            if (action == null && method.equals("DELETE")) {
                clientDelete(id, path);
                return ok(id);
            }
            if ("/archive".equals(action) && method.equals("POST")) {
                return ok(clientArchive(id, true, path));
            }
            if ("/restore".equals(action) && method.equals("POST")) {
                clientArchive(id, false, path);
                return ok(found("client", id));
            }
        }
        // projects
        if (rest.equals("/projects")) {
            if (method.equals("GET")) {
                String active = req.queryParam("active").orElse("true");
                String name = req.queryParam("name").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
                Set<String> clients = req.queryParam("client_ids").map(s -> Set.of(s.split(","))).orElse(null);
                return ok(live("project").stream()
                        .filter(r -> active.equals("both") || String.valueOf(r.get("active")).equals(active))
                        .filter(r -> name == null || String.valueOf(r.get("name")).toLowerCase(Locale.ROOT).contains(name))
                        .filter(r -> clients == null || clients.contains(String.valueOf(r.get("client_id"))))
                        .toList());
            }
            if (method.equals("POST")) {
                return ok(projectCreate(body(req), path));
            }
        }
        m = PROJECT.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            switch (method) {
                case "GET":
                    return ok(found("project", id));
                case "PUT":
                    return ok(projectUpdate(id, body(req), path));
                case "DELETE":
                    projectDelete(id, path);
                    return SimResponse.empty(200);
                default:
                    break;
            }
        }
        // tasks
        m = PROJECT_TASKS.matcher(rest);
        if (m.matches()) {
            long pid = Long.parseLong(m.group(1));
            found("project", pid);
            if (method.equals("GET")) {
                return ok(live("task").stream().filter(r -> num(r.get("project_id")) == pid).toList());
            }
            if (method.equals("POST")) {
                return ok(taskCreate(pid, body(req), path));
            }
        }
        m = TASK.matcher(rest);
        if (m.matches()) {
            long pid = Long.parseLong(m.group(1));
            long tid = Long.parseLong(m.group(2));
            Map<String, Object> task = found("task", tid);
            if (num(task.get("project_id")) != pid) {
                throw new SimError(404, "Task not found");
            }
            switch (method) {
                case "GET":
                    return ok(task);
                case "PUT":
                    return ok(taskUpdate(tid, body(req), path));
                case "DELETE":
                    taskDelete(tid, path);
                    return SimResponse.empty(200);
                default:
                    break;
            }
        }
        if (rest.equals("/tasks") && method.equals("GET")) {
            boolean all = req.queryParam("active").map("both"::equals).orElse(false);
            return ok(Map.of("data", live("task").stream().filter(r -> all || Boolean.TRUE.equals(r.get("active"))).toList()));
        }
        // time entries
        if (rest.equals("/time_entries") && method.equals("POST")) {
            return ok(timeEntryCreate(body(req), path));
        }
        m = TIME_ENTRY.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            if (method.equals("PUT")) {
                return ok(timeEntryUpdate(id, body(req), path));
            }
            if (method.equals("DELETE")) {
                timeEntryDelete(id, path);
                return SimResponse.empty(200);
            }
        }
        // tags
        if (rest.equals("/tags")) {
            if (method.equals("GET")) {
                return ok(live("tag"));
            }
            if (method.equals("POST")) {
                return ok(tagCreate(body(req), path));
            }
        }
        m = TAG.matcher(rest);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            if (method.equals("PUT")) {
                Map<String, Object> tag = found("tag", id);
                String name = requireText(body(req), "name", "tag name can't be blank");
                tag.put("name", name);
                return ok(touched("tag", tag, "updated", "PUT", path));
            }
            if (method.equals("DELETE")) {
                deleteRow("tag", id, path);
                return SimResponse.empty(200);
            }
        }
        // project members
        if (rest.equals("/project_users")) {
            if (method.equals("GET")) {
                Set<String> pids = req.queryParam("project_ids").map(s -> Set.of(s.split(","))).orElse(null);
                return ok(live("project_user").stream()
                        .filter(r -> pids == null || pids.contains(String.valueOf(r.get("project_id")))).toList());
            }
            if (method.equals("POST")) {
                return ok(projectUserCreate(body(req), path));
            }
        }
        m = PROJECT_USER.matcher(rest);
        if (m.matches() && method.equals("DELETE")) {
            deleteRow("project_user", Long.parseLong(m.group(1)), path);
            return SimResponse.empty(200);
        }
        throw new SimError(404, "Not Found");
    }

    private void checkWorkspace(String wid) {
        if (Long.parseLong(wid) != WORKSPACE_ID) {
            throw new SimError(403, "User does not have access to this resource.");
        }
    }

    // ------------------------------------------------------------------ "since" reads

    private List<Map<String, Object>> changedSince(SimRequest req, String table, Predicate<Map<String, Object>> liveFilter) {
        Optional<Long> since = unixParam(req, "since");
        Collection<Map<String, Object>> rows = tables.get(table).values();
        if (since.isPresent()) {
            long s = since.get();
            return rows.stream().filter(r -> epoch(r.get("at")) >= s || epoch(r.get("server_deleted_at")) >= s).toList();
        }
        return rows.stream().filter(r -> r.get("server_deleted_at") == null).filter(liveFilter).toList();
    }

    private List<Map<String, Object>> meTasks(SimRequest req) {
        boolean notActive = flag(req, "include_not_active");
        List<Map<String, Object>> rows = changedSince(req, "task", r -> notActive || Boolean.TRUE.equals(r.get("active")));
        int offset = intParam(req, "offset", 0);
        int perPage = Math.min(intParam(req, "per_page", 200), 200);
        return rows.stream().skip(offset).limit(perPage).toList();
    }

    private List<Map<String, Object>> meTimeEntries(SimRequest req) {
        Optional<String> before = req.queryParam("before");
        Optional<String> startDate = req.queryParam("start_date");
        Optional<String> endDate = req.queryParam("end_date");
        if (req.queryParam("since").isPresent() && before.isPresent()) {
            throw new SimError(400, "'since' and 'before' can not be present simultaneously");
        }
        if (startDate.isPresent() != endDate.isPresent()) {
            throw new SimError(400, "'start_date' and 'end_date' must be used together");
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

    // ------------------------------------------------------------------ clients

    private Map<String, Object> clientCreate(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "client name can't be blank");
        if (name.length() > 100) {
            throw new SimError(400, "client name must not be longer than 100 characters");
        }
        if (live("client").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new SimError(400, "Name has already been taken");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("wid", WORKSPACE_ID);
        row.put("archived", false);
        row.put("name", name);
        row.put("at", ts(now()));
        row.put("creator_id", USER_ID);
        if (body.get("notes") != null) {
            row.put("notes", String.valueOf(body.get("notes")));
        }
        tables.get("client").put(id(row), row);
        return touched("client", row, "created", "POST", path);
    }

    private Map<String, Object> clientUpdate(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = found("client", id);
        if (body.containsKey("name")) {
            String name = requireText(body, "name", "client name can't be blank");
            if (live("client").stream().anyMatch(r -> id(r) != id && name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
                throw new SimError(400, "Name has already been taken");
            }
            row.put("name", name);
        }
        if (body.containsKey("notes")) {
            if (body.get("notes") == null) {
                row.remove("notes");
            } else {
                row.put("notes", String.valueOf(body.get("notes")));
            }
        }
        return touched("client", row, "updated", "PUT", path);
    }

    private List<Long> clientArchive(long id, boolean archive, String path) {
        Map<String, Object> row = found("client", id);
        row.put("archived", archive);
        List<Long> projects = new ArrayList<>();
        for (Map<String, Object> p : live("project")) {
            if (num(p.get("client_id")) == id && Boolean.TRUE.equals(p.get("active")) == archive) {
                p.put("active", !archive);
                p.put("status", archive ? "archived" : "active");
                touched("project", p, "updated", "PUT", API + "/workspaces/" + WORKSPACE_ID + "/projects/" + id(p));
                projects.add(id(p));
            }
        }
        touched("client", row, "updated", "POST", path);
        return projects;
    }

    private void clientDelete(long id, String path) {
        found("client", id);
        for (Map<String, Object> p : live("project")) {
            if (num(p.get("client_id")) == id) {
                p.put("client_id", null);
                p.put("cid", null);
                touched("project", p, "updated", "PUT", API + "/workspaces/" + WORKSPACE_ID + "/projects/" + id(p));
            }
        }
        deleteRow("client", id, path);
    }

    // ------------------------------------------------------------------ projects

    private Map<String, Object> projectCreate(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "project name can't be blank");
        if (live("project").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new SimError(400, "Name has already been taken");
        }
        Long clientId = clientRef(body);
        Instant now = now();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("workspace_id", WORKSPACE_ID);
        row.put("wid", WORKSPACE_ID);
        row.put("client_id", clientId);
        row.put("cid", clientId);
        row.put("name", name);
        row.put("is_private", body.getOrDefault("is_private", true));
        boolean active = !Boolean.FALSE.equals(body.get("active"));
        row.put("active", active);
        row.put("at", ts(now));
        row.put("created_at", ts(now));
        row.put("server_deleted_at", null);
        row.put("color", body.getOrDefault("color", "#06aaf5"));
        row.put("billable", body.getOrDefault("billable", false));
        row.put("template", false);
        row.put("auto_estimates", null);
        row.put("estimated_hours", body.get("estimated_hours"));
        row.put("estimated_seconds", null);
        row.put("rate", body.get("rate"));
        row.put("currency", body.get("currency"));
        row.put("recurring", false);
        row.put("actual_hours", 0);
        row.put("actual_seconds", 0);
        row.put("can_track_time", true);
        row.put("start_date", LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        row.put("status", active ? "active" : "archived");
        row.put("is_shared", false);
        row.put("pinned", false);
        tables.get("project").put(id(row), row);
        return touched("project", row, "created", "POST", path);
    }

    private Long clientRef(Map<String, Object> body) {
        Object ref = body.get("client_id") != null ? body.get("client_id") : body.get("cid");
        if (ref == null) {
            return null;
        }
        long cid = toLong(ref, "client_id");
        Map<String, Object> client = tables.get("client").get(cid);
        if (client == null || client.get("server_deleted_at") != null) {
            throw new SimError(400, "Client with ID " + cid + " isn't present in workspace " + WORKSPACE_ID);
        }
        return cid;
    }

    private Map<String, Object> projectUpdate(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = found("project", id);
        if (body.containsKey("name")) {
            row.put("name", requireText(body, "name", "project name can't be blank"));
        }
        if (body.containsKey("client_id") || body.containsKey("cid")) {
            Long cid = clientRef(body);
            row.put("client_id", cid);
            row.put("cid", cid);
        }
        if (body.containsKey("active")) {
            boolean active = Boolean.TRUE.equals(body.get("active"));
            row.put("active", active);
            row.put("status", active ? "active" : "archived");
        }
        for (String k : List.of("billable", "color", "is_private", "rate", "currency", "estimated_hours")) {
            if (body.containsKey(k)) {
                row.put(k, body.get(k));
            }
        }
        return touched("project", row, "updated", "PUT", path);
    }

    private void projectDelete(long id, String path) {
        found("project", id);
        for (Map<String, Object> t : live("task")) {
            if (num(t.get("project_id")) == id) {
                deleteRow("task", id(t), API + "/workspaces/" + WORKSPACE_ID + "/projects/" + id + "/tasks/" + id(t));
            }
        }
        deleteRow("project", id, path);
    }

    // ------------------------------------------------------------------ tasks

    private Map<String, Object> taskCreate(long pid, Map<String, Object> body, String path) {
        Map<String, Object> project = found("project", pid);
        if (!Boolean.TRUE.equals(project.get("active"))) {
            throw new SimError(400, "Can not change tasks of archived project");
        }
        String name = requireText(body, "name", "task name can't be blank");
        if (live("task").stream().anyMatch(t -> num(t.get("project_id")) == pid && name.equalsIgnoreCase(String.valueOf(t.get("name"))))) {
            throw new SimError(400, "Name has already been taken");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("name", name);
        row.put("workspace_id", WORKSPACE_ID);
        row.put("project_id", pid);
        row.put("user_id", body.get("user_id"));
        row.put("active", !Boolean.FALSE.equals(body.get("active")));
        row.put("at", ts(now()));
        row.put("estimated_seconds", body.getOrDefault("estimated_seconds", 0));
        row.put("tracked_seconds", 0);
        row.put("recurring", false);
        row.put("project_name", project.get("name"));
        row.put("project_color", project.get("color"));
        row.put("project_billable", project.get("billable"));
        tables.get("task").put(id(row), row);
        return touched("task", row, "created", "POST", path);
    }

    private Map<String, Object> taskUpdate(long tid, Map<String, Object> body, String path) {
        Map<String, Object> row = found("task", tid);
        Map<String, Object> project = found("project", num(row.get("project_id")));
        if (!Boolean.TRUE.equals(project.get("active"))) {
            throw new SimError(400, "Can not change tasks of archived project");
        }
        if (body.containsKey("name")) {
            row.put("name", requireText(body, "name", "task name can't be blank"));
        }
        for (String k : List.of("active", "estimated_seconds", "user_id")) {
            if (body.containsKey(k)) {
                row.put(k, body.get(k));
            }
        }
        return touched("task", row, "updated", "PUT", path);
    }

    private void taskDelete(long tid, String path) {
        deleteRow("task", tid, path);
    }

    // ------------------------------------------------------------------ time entries, tags, members

    private Map<String, Object> timeEntryCreate(Map<String, Object> body, String path) {
        if (body.get("created_with") == null || String.valueOf(body.get("created_with")).isBlank()) {
            throw new SimError(400, "created_with needs to be provided a valid value");
        }
        if (body.get("workspace_id") != null && toLong(body.get("workspace_id"), "workspace_id") != WORKSPACE_ID) {
            throw new SimError(400, "Workspace ID in the body does not match the path");
        }
        if (body.get("start") == null) {
            throw new SimError(400, "Start time must be provided");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("workspace_id", WORKSPACE_ID);
        row.put("wid", WORKSPACE_ID);
        row.put("user_id", USER_ID);
        row.put("uid", USER_ID);
        row.put("server_deleted_at", null);
        row.put("tags", List.of());
        row.put("tag_ids", List.of());
        row.put("billable", false);
        row.put("description", null);
        row.put("project_id", null);
        row.put("pid", null);
        row.put("task_id", null);
        row.put("tid", null);
        row.put("duronly", true);
        applyTimeEntry(row, body);
        tables.get("time_entry").put(id(row), row);
        return touched("time_entry", row, "created", "POST", path);
    }

    private void applyTimeEntry(Map<String, Object> row, Map<String, Object> body) {
        if (body.containsKey("description")) {
            row.put("description", body.get("description"));
        }
        if (body.containsKey("billable")) {
            row.put("billable", Boolean.TRUE.equals(body.get("billable")));
        }
        if (body.containsKey("tags") && body.get("tags") instanceof List<?> tags) {
            row.put("tags", tags);
        }
        Object pid = body.containsKey("project_id") ? body.get("project_id") : body.get("pid");
        if (body.containsKey("project_id") || body.containsKey("pid")) {
            Long p = pid == null ? null : toLong(pid, "project_id");
            if (p != null) {
                found("project", p);
            }
            row.put("project_id", p);
            row.put("pid", p);
        }
        Object tid = body.containsKey("task_id") ? body.get("task_id") : body.get("tid");
        if (body.containsKey("task_id") || body.containsKey("tid")) {
            Long t = tid == null ? null : toLong(tid, "task_id");
            if (t != null) {
                found("task", t);
            }
            row.put("task_id", t);
            row.put("tid", t);
        }
        if (body.containsKey("start")) {
            row.put("start", ts(dateParam("start", String.valueOf(body.get("start")))));
        }
        if (body.containsKey("duration")) {
            row.put("duration", toLong(body.get("duration"), "duration"));
        }
        if (body.containsKey("stop") && body.get("stop") != null) {
            Instant stop = dateParam("stop", String.valueOf(body.get("stop")));
            row.put("stop", ts(stop));
            row.put("duration", stop.getEpochSecond() - instant(row.get("start")).getEpochSecond());
        }
        long duration = row.get("duration") == null ? -1 : ((Number) row.get("duration")).longValue();
        row.put("duration", duration);
        row.put("stop", duration < 0 ? null : ts(instant(row.get("start")).plusSeconds(duration)));
        row.put("at", ts(now()));
    }

    private Map<String, Object> timeEntryUpdate(long id, Map<String, Object> body, String path) {
        Map<String, Object> row = found("time_entry", id);
        applyTimeEntry(row, body);
        return touched("time_entry", row, "updated", "PUT", path);
    }

    private void timeEntryDelete(long id, String path) {
        deleteRow("time_entry", id, path);
    }

    private Map<String, Object> tagCreate(Map<String, Object> body, String path) {
        String name = requireText(body, "name", "tag name can't be blank");
        if (live("tag").stream().anyMatch(r -> name.equalsIgnoreCase(String.valueOf(r.get("name"))))) {
            throw new SimError(400, "Tag already exists");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("workspace_id", WORKSPACE_ID);
        row.put("name", name);
        row.put("at", ts(now()));
        row.put("creator_id", USER_ID);
        tables.get("tag").put(id(row), row);
        return touched("tag", row, "created", "POST", path);
    }

    private Map<String, Object> projectUserCreate(Map<String, Object> body, String path) {
        if (body.get("project_id") == null) {
            throw new SimError(400, "project_id is required");
        }
        if (body.get("user_id") == null) {
            throw new SimError(400, "user_id is required");
        }
        long pid = toLong(body.get("project_id"), "project_id");
        long uid = toLong(body.get("user_id"), "user_id");
        found("project", pid);
        if (live("project_user").stream().anyMatch(r -> num(r.get("project_id")) == pid && num(r.get("user_id")) == uid)) {
            throw new SimError(400, "User is already a member of this project");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ids.incrementAndGet());
        row.put("project_id", pid);
        row.put("user_id", uid);
        row.put("workspace_id", WORKSPACE_ID);
        row.put("manager", Boolean.TRUE.equals(body.get("manager")));
        row.put("rate", body.get("rate"));
        row.put("labor_cost", body.get("labor_cost"));
        row.put("gid", null);
        row.put("group_id", null);
        row.put("at", ts(now()));
        tables.get("project_user").put(id(row), row);
        return touched("project_user", row, "created", "POST", path);
    }

    private Map<String, Object> invite(Map<String, Object> body) {
        List<?> emails = body.get("emails") instanceof List<?> l ? l : List.of();
        if (emails.isEmpty()) {
            throw new SimError(400, "No email provided");
        }
        List<?> workspaces = body.get("workspaces") instanceof List<?> w ? w : List.of();
        if (workspaces.isEmpty()) {
            throw new SimError(400, "At least one workspace must be provided");
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Object email : emails) {
            String e = String.valueOf(email);
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new SimError(400, "Invalid email: " + e);
            }
            Map<String, Object> inv = new LinkedHashMap<>();
            long id = ids.incrementAndGet();
            inv.put("email", e);
            inv.put("invitation_id", id);
            inv.put("invite_url", "https://track.toggl.com/signup?invitation=" + UUID.randomUUID());
            inv.put("organization_id", ORGANIZATION_ID);
            inv.put("recipient_id", null);
            inv.put("sender_id", USER_ID);
            inv.put("workspaces", workspaces);
            invitations.add(inv);
            data.add(inv);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("messages", List.of());
        return result;
    }

    private Map<String, Object> me(boolean related) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", USER_ID);
        me.put("email", USER_EMAIL);
        me.put("fullname", "Sandbox User");
        me.put("timezone", "UTC");
        me.put("default_workspace_id", WORKSPACE_ID);
        me.put("beginning_of_week", 1);
        me.put("at", workspace.get("at"));
        if (related) {
            me.put("clients", live("client"));
            me.put("projects", live("project"));
            me.put("tags", live("tag"));
            me.put("time_entries", live("time_entry"));
            me.put("workspaces", List.of(workspace));
        }
        return me;
    }

    private Map<String, Object> organization() {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("id", ORGANIZATION_ID);
        org.put("name", "Sandbox Organization");
        org.put("pricing_plan_name", limits.describe().get("plan"));
        org.put("admin", true);
        org.put("owner", true);
        return org;
    }

    // ------------------------------------------------------------------ Webhooks API v1

    private static final Pattern SUBS = Pattern.compile("^/subscriptions/(\\d+)$");
    private static final Pattern SUB = Pattern.compile("^/subscriptions/(\\d+)/(\\d+)$");
    private static final Pattern SUB_EVENTS = Pattern.compile("^/subscriptions/(\\d+)/(\\d+)/events$");
    private static final Pattern PING = Pattern.compile("^/ping/(\\d+)/(\\d+)$");
    private static final Pattern VALIDATE = Pattern.compile("^/validate/(\\d+)/(\\d+)/([^/]+)$");

    private SimResponse webhooks(SimRequest req, String path) {
        String method = req.method();
        if (path.equals("/status") && method.equals("GET")) {
            return ok(Map.of("status", "OK"));
        }
        if (path.equals("/event_filters") && method.equals("GET")) {
            return ok(EVENT_FILTERS);
        }
        Matcher m = VALIDATE.matcher(path);
        if (m.matches() && method.equals("GET")) {
            synchronized (this) {
                Map<String, Object> sub = subscriptions.get(Long.parseLong(m.group(2)));
                if (sub == null || num(sub.get("workspace_id")) != Long.parseLong(m.group(1))
                        || !m.group(3).equals(sub.get("_validation_code"))) {
                    throw new SimError(400, "subscription " + m.group(2) + " not found");
                }
                if (sub.get("validated_at") != null) {
                    throw new SimError(400, "subscription " + m.group(2) + " has already been validated");
                }
                sub.put("validated_at", ts(now()));
                return ok("OK");
            }
        }
        m = SUBS.matcher(path);
        if (m.matches()) {
            checkWorkspace(m.group(1));
            if (method.equals("GET")) {
                return ok(subscriptions.values().stream().map(TogglSimulator::publicView).toList());
            }
            if (method.equals("POST")) {
                Map<String, Object> sub = subscriptionCreate(body(req), req.header("Host").orElse("localhost"));
                return ok(publicView(sub));
            }
        }
        m = SUB.matcher(path);
        if (m.matches()) {
            checkWorkspace(m.group(1));
            long id = Long.parseLong(m.group(2));
            Map<String, Object> sub = subscriptions.get(id);
            if (sub == null) {
                throw new SimError(404, "subscription " + id + " not found");
            }
            switch (method) {
                case "GET":
                    return ok(publicView(sub));
                case "PUT":
                    subscriptionApply(sub, body(req), true);
                    return ok(publicView(sub));
                case "PATCH": {
                    Map<String, Object> b = body(req);
                    if (!(b.get("enabled") instanceof Boolean enabled)) {
                        throw new SimError(400, "enabled must be true or false");
                    }
                    sub.put("enabled", enabled);
                    sub.put("updated_at", ts(now()));
                    return ok(publicView(sub));
                }
                case "DELETE":
                    subscriptions.remove(id);
                    deliveries.remove(id);
                    return ok(publicView(sub));
                default:
                    break;
            }
        }
        m = SUB_EVENTS.matcher(path);
        if (m.matches() && method.equals("GET")) {
            checkWorkspace(m.group(1));
            List<Map<String, Object>> events = deliveries.getOrDefault(Long.parseLong(m.group(2)), List.of());
            return ok(Map.of("total", events.size(), "events", List.copyOf(events)));
        }
        m = PING.matcher(path);
        if (m.matches() && method.equals("POST")) {
            checkWorkspace(m.group(1));
            Map<String, Object> sub = subscriptions.get(Long.parseLong(m.group(2)));
            if (sub == null) {
                throw new SimError(404, "subscription " + m.group(2) + " not found");
            }
            ping(sub);
            return SimResponse.empty(200);
        }
        throw new SimError(404, "Not Found");
    }

    private Map<String, Object> subscriptionCreate(Map<String, Object> body, String host) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("subscription_id", ids.incrementAndGet());
        sub.put("workspace_id", WORKSPACE_ID);
        sub.put("user_id", USER_ID);
        sub.put("enabled", true);
        sub.put("validated_at", null);
        sub.put("has_pending_events", false);
        sub.put("created_at", ts(now()));
        sub.put("updated_at", ts(now()));
        sub.put("deleted_at", null);
        sub.put("_validation_code", UUID.randomUUID().toString());
        sub.put("_host", host);
        subscriptionApply(sub, body, false);
        subscriptions.put(num(sub.get("subscription_id")), sub);
        ping(sub); // Toggl pings a new subscription so the endpoint can validate it at once
        return sub;
    }

    private void subscriptionApply(Map<String, Object> sub, Map<String, Object> body, boolean update) {
        Object url = body.get("url_callback");
        if (!(url instanceof String u) || !u.matches("https?://\\S+")) {
            throw new SimError(400, "url_callback must be a valid http(s) URL");
        }
        if (!(body.get("description") instanceof String d) || d.isBlank()) {
            throw new SimError(400, "description is required");
        }
        if (!(body.get("event_filters") instanceof List<?> filters) || filters.isEmpty()) {
            throw new SimError(400, "at least one event filter is required");
        }
        List<Map<String, Object>> clean = new ArrayList<>();
        for (Object f : filters) {
            if (!(f instanceof Map<?, ?> fm) || !(fm.get("entity") instanceof String entity) || !(fm.get("action") instanceof String action)) {
                throw new SimError(400, "each event filter needs an entity and an action");
            }
            if (!entity.equals("*") && !EVENT_FILTERS.containsKey(entity)) {
                throw new SimError(400, "unknown entity '" + entity + "' in event filters");
            }
            if (!action.equals("*") && !List.of("created", "updated", "deleted").contains(action)) {
                throw new SimError(400, "unknown action '" + action + "' in event filters");
            }
            clean.add(new LinkedHashMap<>(Map.of("entity", entity, "action", action)));
        }
        for (Map<String, Object> other : subscriptions.values()) {
            if (other != sub && body.get("description").equals(other.get("description"))) {
                throw new SimError(400, "a subscription with this description already exists");
            }
        }
        if (update && !url.equals(sub.get("url_callback"))) {
            sub.put("validated_at", null); // a new callback must be validated again
        }
        sub.put("url_callback", url);
        sub.put("description", body.get("description"));
        sub.put("event_filters", clean);
        if (body.containsKey("enabled")) {
            sub.put("enabled", !Boolean.FALSE.equals(body.get("enabled")));
        }
        if (body.get("secret") instanceof String s && !s.isBlank()) {
            sub.put("secret", s);
        } else if (sub.get("secret") == null) {
            sub.put("secret", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        }
        sub.put("updated_at", ts(now()));
    }

    private static Map<String, Object> publicView(Map<String, Object> sub) {
        Map<String, Object> view = new LinkedHashMap<>();
        sub.forEach((k, v) -> {
            if (!k.startsWith("_")) {
                view.put(k, v);
            }
        });
        return view;
    }

    /** Sends a PING (in the background); an answer echoing the validation code validates the subscription. */
    private void ping(Map<String, Object> sub) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", 0);
        envelope.put("created_at", ts(now()));
        envelope.put("creator_id", USER_ID);
        envelope.put("metadata", new LinkedHashMap<>(Map.of("request_type", "POST", "event_user_id", String.valueOf(USER_ID))));
        envelope.put("payload", "ping");
        envelope.put("subscription_id", sub.get("subscription_id"));
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("url_callback", sub.get("url_callback"));
        String code = (String) sub.get("_validation_code");
        if (sub.get("validated_at") == null) {
            envelope.put("validation_code", code);
            envelope.put("validation_code_url", "http://" + sub.get("_host") + "/sandbox/" + NAME + WEBHOOKS + "/validate/"
                    + WORKSPACE_ID + "/" + sub.get("subscription_id") + "/" + code);
        }
        String url = (String) sub.get("url_callback");
        String secret = (String) sub.get("secret");
        sender.runAsync(() -> {
            TogglWebhookSender.Attempt a = sender.post(url, secret, envelope);
            synchronized (this) {
                record(sub, envelope, List.of(a));
                if (a.ok() && sub.get("validated_at") == null && a.responseBody() != null) {
                    try {
                        Map<String, Object> answer = json.readValue(a.responseBody(), new TypeReference<>() { });
                        if (code.equals(answer.get("validation_code"))) {
                            sub.put("validated_at", ts(now()));
                        }
                    } catch (Exception ignored) {
                        // not a validation answer: the subscription stays unvalidated
                    }
                }
            }
        });
    }

    private void record(Map<String, Object> sub, Map<String, Object> envelope, List<TogglWebhookSender.Attempt> attempts) {
        TogglWebhookSender.Attempt last = attempts.get(attempts.size() - 1);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", envelope.get("event_id"));
        e.put("created_at", envelope.get("created_at"));
        e.put("creator_id", envelope.get("creator_id"));
        e.put("metadata", envelope.get("metadata"));
        e.put("payload", envelope.get("payload"));
        e.put("consumer_id", sub.get("subscription_id"));
        e.put("last_delivery_attempt", ts(now()));
        e.put("last_delivery_status", last.status());
        e.put("last_delivery_error", last.ok() ? null : (last.error() != null ? last.error() : "HTTP " + last.status()));
        e.put("failed_delivery_attempts", attempts.stream().filter(a -> !a.ok()).count());
        List<Map<String, Object>> list = deliveries.computeIfAbsent(num(sub.get("subscription_id")), k -> new ArrayList<>());
        list.add(e);
        if (list.size() > 1000) {
            list.remove(0);
        }
    }

    /** Stamps {@code at}, and delivers the change to every matching subscription. */
    private Map<String, Object> touched(String model, Map<String, Object> row, String action, String requestType, String path) {
        row.put("at", ts(now()));
        emit(model, action, requestType, path, row);
        return row;
    }

    private void deleteRow(String table, long id, String path) {
        Map<String, Object> row = found(table, id);
        Instant now = now();
        row.put("server_deleted_at", ts(now));
        row.put("at", ts(now));
        emit(table, "deleted", "DELETE", path, row);
    }

    private void emit(String model, String action, String requestType, String path, Map<String, Object> row) {
        for (Map<String, Object> sub : subscriptions.values()) {
            if (!Boolean.TRUE.equals(sub.get("enabled")) || sub.get("validated_at") == null || !matches(sub, model, action)) {
                continue;
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("action", action);
            metadata.put("event_user_id", String.valueOf(USER_ID));
            metadata.put("model", model);
            metadata.put("path", path);
            metadata.put("request_type", requestType);
            metadata.put("workspace_id", String.valueOf(WORKSPACE_ID));
            if (row.get("project_id") != null) {
                metadata.put("project_id", String.valueOf(row.get("project_id")));
            }
            if (model.equals("time_entry")) {
                metadata.put("time_entry_id", String.valueOf(row.get("id")));
            }
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("event_id", eventIds.getAndIncrement());
            envelope.put("created_at", ts(now()));
            envelope.put("creator_id", USER_ID);
            envelope.put("metadata", metadata);
            envelope.put("payload", new LinkedHashMap<>(row)); // a copy: later changes must not alter this event
            envelope.put("subscription_id", sub.get("subscription_id"));
            envelope.put("timestamp", Instant.now().toString());
            envelope.put("url_callback", sub.get("url_callback"));
            sender.send((String) sub.get("url_callback"), (String) sub.get("secret"), envelope, (env, attempts) -> {
                synchronized (this) {
                    record(sub, env, attempts);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> sub, String model, String action) {
        for (Map<String, Object> f : (List<Map<String, Object>>) sub.get("event_filters")) {
            boolean entity = "*".equals(f.get("entity")) || model.equals(f.get("entity"));
            boolean act = "*".equals(f.get("action")) || action.equals(f.get("action"));
            if (entity && act) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> eventFilters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String e : List.of("client", "project", "project_group", "project_user", "tag", "task", "time_entry",
                "workspace", "workspace_user")) {
            m.put(e, List.of("*", "created", "updated", "deleted"));
        }
        return m;
    }

    // ------------------------------------------------------------------ knobs

    private SimResponse faults(SimRequest req) throws Exception {
        synchronized (this) {
            if (req.method().equals("DELETE")) {
                errorRate = 0;
                rateLimitRate = 0;
                slowRate = 0;
                slowMs = 2_000;
                latencyMillis = 0;
                failNext = 0;
                failNextAfterApplying = 0;
                seed = 0;
                random = new Random();
                injected.clear();
                errorStatus = 500;
                failNextStatus = 500;
            } else if (req.method().equals("POST") || req.method().equals("PUT")) {
                Map<String, Object> b = body(req);
                if (b.get("errorRate") instanceof Number n) {
                    errorRate = n.doubleValue();
                }
                if (b.get("rateLimitRate") instanceof Number n) {
                    rateLimitRate = n.doubleValue();
                }
                if (b.get("slowRate") instanceof Number n) {
                    slowRate = n.doubleValue();
                }
                if (b.get("slowMs") instanceof Number n) {
                    slowMs = n.longValue();
                }
                if (b.get("seed") instanceof Number n) {
                    seed(n.longValue());
                }
                if (b.get("errorStatus") instanceof Number n) {
                    errorStatus = n.intValue();
                }
                if (b.get("latencyMs") instanceof Number n) {
                    latencyMillis = n.longValue();
                }
                if (b.get("failNext") instanceof Number n) {
                    failNext = n.intValue();
                }
                if (b.get("failNextStatus") instanceof Number n) {
                    failNextStatus = n.intValue();
                }
                if (b.get("failNextAfterApplying") instanceof Number n) {
                    failNextAfterApplying = n.intValue();
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errorRate", errorRate);
            m.put("errorStatus", errorStatus);
            m.put("rateLimitRate", rateLimitRate);
            m.put("slowRate", slowRate);
            m.put("slowMs", slowMs);
            m.put("seed", seed);
            m.put("injected", new LinkedHashMap<>(injected));
            m.put("latencyMs", latencyMillis);
            m.put("failNext", failNext);
            m.put("failNextStatus", failNextStatus);
            m.put("failNextAfterApplying", failNextAfterApplying);
            return SimResponse.json(200, m);
        }
    }

    private SimResponse limitsKnobs(SimRequest req) {
        if (req.method().equals("DELETE")) {
            limits.resetUsage();
        } else if (req.method().equals("POST") || req.method().equals("PUT")) {
            try {
                limits.configure(body(req));
            } catch (ClassCastException e) {
                return error(400, "bad limit value: " + e.getMessage());
            }
        }
        return SimResponse.json(200, limits.describe());
    }

    /** Java knobs for tests: same keys as {@code POST <root>/_limits}. */
    public void limits(Map<String, Object> knobs) {
        limits.configure(knobs);
    }

    public Map<String, Object> limits() {
        return limits.describe();
    }

    /**
     * Deletes every record (clients, projects, tasks, time entries, tags, project users), the faults
     * and the counted calls; subscriptions stay. Ids keep counting, so a new record never reuses an
     * id that a bridge may still have links for.
     */
    public synchronized void reset() {
        tables.values().forEach(Map::clear);
        errorRate = 0;
        errorStatus = 500;
        latencyMillis = 0;
        failNext = 0;
        failNextStatus = 500;
        failNextAfterApplying = 0;
        limits.resetUsage();
    }

    /** Forgets counted calls: the quota window and the leaky bucket start empty. */
    public void resetUsage() {
        limits.resetUsage();
    }

    /** The clock for {@code at}, the quota window and the leaky bucket (tests move it). */
    public void clock(Clock clock) {
        limits.clock(clock);
    }

    /**
     * Rate faults for tests: {@code errorRate} of the authenticated requests answered {@code errorStatus}
     * (500), {@code rateLimitRate} answered 429 with Retry-After; both before the request runs.
     */
    public synchronized void faults(double errorRate, double rateLimitRate) {
        this.errorRate = errorRate;
        this.rateLimitRate = rateLimitRate;
    }

    /** {@code rate} of the authenticated requests run, then answered {@code millis} late (their webhooks go out first). */
    public synchronized void slowAnswers(double rate, long millis) {
        this.slowRate = rate;
        this.slowMs = millis;
    }

    /** Seeds the fault rolls (reproducible runs) and clears the counts of {@link #injected()}. */
    public synchronized void seed(long seed) {
        this.seed = seed;
        this.random = seed == 0 ? new Random() : new Random(seed);
        injected.clear();
    }

    /** How many faults were injected, by kind (5xx, 429, slow). */
    public synchronized Map<String, Integer> injected() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("5xx", injected.getOrDefault("5xx", 0));
        m.put("429", injected.getOrDefault("429", 0));
        m.put("slow", injected.getOrDefault("slow", 0));
        return m;
    }

    public void failNext(int count, int status) {
        synchronized (this) {
            failNext = count;
            failNextStatus = status;
        }
    }

    /**
     * The next {@code count} authenticated requests run (a create creates, its webhooks go out) but
     * are answered {@code status}: the lost answer a create must not be re-sent blindly after.
     */
    public synchronized void failNextAfterApplying(int count, int status) {
        failNextAfterApplying = count;
        failAfterApplyingStatus = status;
    }

    /** Waits until queued webhook deliveries are done. */
    public boolean drainWebhooks(long timeoutMillis) {
        return sender.drain(timeoutMillis);
    }

    // ------------------------------------------------------------------ the "user" API (changes made in Toggl's UI)

    public synchronized Map<String, Object> createClient(String name, String notes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("notes", notes);
        return copy(clientCreate(body, wsPath("/clients")));
    }

    public synchronized Map<String, Object> updateClient(long id, Map<String, Object> changes) {
        return copy(clientUpdate(id, changes, wsPath("/clients/" + id)));
    }

    public synchronized void archiveClient(long id) {
        clientArchive(id, true, wsPath("/clients/" + id + "/archive"));
    }

    public synchronized void deleteClient(long id) {
        clientDelete(id, wsPath("/clients/" + id));
    }

    public synchronized Map<String, Object> createProject(String name, Long clientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("client_id", clientId);
        body.put("active", true);
        return copy(projectCreate(body, wsPath("/projects")));
    }

    public synchronized Map<String, Object> updateProject(long id, Map<String, Object> changes) {
        return copy(projectUpdate(id, changes, wsPath("/projects/" + id)));
    }

    public synchronized void deleteProject(long id) {
        projectDelete(id, wsPath("/projects/" + id));
    }

    public synchronized Map<String, Object> createTask(long projectId, String name) {
        return copy(taskCreate(projectId, new LinkedHashMap<>(Map.of("name", name)), wsPath("/projects/" + projectId + "/tasks")));
    }

    public synchronized Map<String, Object> updateTask(long taskId, Map<String, Object> changes) {
        Map<String, Object> t = found("task", taskId);
        return copy(taskUpdate(taskId, changes, wsPath("/projects/" + t.get("project_id") + "/tasks/" + taskId)));
    }

    public synchronized void deleteTask(long taskId) {
        Map<String, Object> t = found("task", taskId);
        taskDelete(taskId, wsPath("/projects/" + t.get("project_id") + "/tasks/" + taskId));
    }

    public synchronized Map<String, Object> createTimeEntry(Long projectId, Long taskId, String description, Instant start,
                                                            long durationSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("created_with", "toggl-sandbox");
        body.put("workspace_id", WORKSPACE_ID);
        body.put("project_id", projectId);
        body.put("task_id", taskId);
        body.put("description", description);
        body.put("start", ts(start));
        body.put("duration", durationSeconds);
        return copy(timeEntryCreate(body, wsPath("/time_entries")));
    }

    public synchronized Map<String, Object> updateTimeEntry(long id, Map<String, Object> changes) {
        return copy(timeEntryUpdate(id, changes, wsPath("/time_entries/" + id)));
    }

    public synchronized void deleteTimeEntry(long id) {
        timeEntryDelete(id, wsPath("/time_entries/" + id));
    }

    public synchronized Map<String, Object> createTag(String name) {
        return copy(tagCreate(new LinkedHashMap<>(Map.of("name", name)), wsPath("/tags")));
    }

    public synchronized Map<String, Object> renameWorkspace(String name) {
        workspace.put("name", name);
        return copy(touched("workspace", workspace, "updated", "PUT", wsPath("")));
    }

    /** Rows of one table ({@code client}, {@code project}, {@code task}, {@code time_entry}, {@code tag},
     * {@code project_user}), deleted ones included. */
    public synchronized List<Map<String, Object>> rows(String table) {
        return tables.get(table).values().stream().map(TogglSimulator::copy).toList();
    }

    public synchronized Optional<Map<String, Object>> row(String table, long id) {
        return Optional.ofNullable(tables.get(table).get(id)).map(TogglSimulator::copy);
    }

    public synchronized List<Map<String, Object>> invitations() {
        return invitations.stream().map(TogglSimulator::copy).toList();
    }

    public synchronized List<Map<String, Object>> subscriptions() {
        return subscriptions.values().stream().map(TogglSimulator::publicView).toList();
    }

    public synchronized List<Map<String, Object>> deliveries(long subscriptionId) {
        return List.copyOf(deliveries.getOrDefault(subscriptionId, List.of()));
    }

    /** Creates a subscription directly (validated or not), as a user would in Toggl's UI. */
    public synchronized Map<String, Object> subscribe(String urlCallback, String secret, boolean validated,
                                                      List<Map<String, Object>> filters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url_callback", urlCallback);
        body.put("description", "sandbox " + UUID.randomUUID());
        body.put("event_filters", filters);
        body.put("enabled", true);
        body.put("secret", secret);
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("subscription_id", ids.incrementAndGet());
        sub.put("workspace_id", WORKSPACE_ID);
        sub.put("user_id", USER_ID);
        sub.put("enabled", true);
        sub.put("validated_at", validated ? ts(now()) : null);
        sub.put("has_pending_events", false);
        sub.put("created_at", ts(now()));
        sub.put("_validation_code", UUID.randomUUID().toString());
        sub.put("_host", "localhost");
        subscriptionApply(sub, body, false);
        subscriptions.put(num(sub.get("subscription_id")), sub);
        return publicView(sub);
    }

    /** The validation link a PING of this subscription carries (the asynchronous way to validate it). */
    public synchronized Optional<String> validationCodeUrl(long subscriptionId) {
        Map<String, Object> sub = subscriptions.get(subscriptionId);
        return sub == null ? Optional.empty() : Optional.of("/sandbox/" + NAME + WEBHOOKS + "/validate/" + WORKSPACE_ID + "/"
                + subscriptionId + "/" + sub.get("_validation_code"));
    }

    public synchronized void enableSubscription(long id, boolean enabled) {
        Map<String, Object> sub = subscriptions.get(id);
        if (sub != null) {
            sub.put("enabled", enabled);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String wsPath(String rest) {
        return API + "/workspaces/" + WORKSPACE_ID + rest;
    }

    private Instant now() {
        return limits.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static String ts(Instant i) {
        return TS.format(i);
    }

    private List<Map<String, Object>> live(String table) {
        return tables.get(table).values().stream().filter(r -> r.get("server_deleted_at") == null).toList();
    }

    private Map<String, Object> found(String table, long id) {
        Map<String, Object> row = tables.get(table).get(id);
        if (row == null || row.get("server_deleted_at") != null) {
            String label = switch (table) {
                case "client" -> "client";
                case "project" -> "project";
                case "task" -> "task";
                case "time_entry" -> "time entry";
                case "project_user" -> "project user";
                default -> table;
            };
            throw new SimError(404, "No " + label + " with ID " + id + " was found");
        }
        return row;
    }

    private Map<String, Object> body(SimRequest req) {
        if (req.body().length == 0) {
            throw new SimError(400, "JSON is not valid");
        }
        try {
            Object parsed = json.readValue(req.body(), Object.class);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new SimError(400, "JSON is not valid: an object is expected");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            return map;
        } catch (java.io.IOException e) {
            throw new SimError(400, "JSON is not valid");
        }
    }

    private static String requireText(Map<String, Object> body, String key, String message) {
        Object v = body.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new SimError(400, message);
        }
        return s.trim();
    }

    private static boolean flag(SimRequest req, String name) {
        return req.queryParam(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    private static int intParam(SimRequest req, String name, int fallback) {
        Optional<String> v = req.queryParam(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new SimError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    private static Optional<Long> unixParam(SimRequest req, String name) {
        Optional<String> v = req.queryParam(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new SimError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    private static Instant dateParam(String name, String value) {
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new SimError(400, "Wrong format for parameter '" + name + "'");
        }
    }

    private static Instant instant(Object ts) {
        return java.time.OffsetDateTime.parse(String.valueOf(ts)).toInstant();
    }

    private static long epoch(Object ts) {
        return ts == null ? Long.MIN_VALUE : instant(ts).getEpochSecond();
    }

    private static long toLong(Object v, String field) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new SimError(400, "Wrong format for field '" + field + "'");
        }
    }

    private static long num(Object v) {
        return v instanceof Number n ? n.longValue() : -1;
    }

    static long id(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }

    private static Map<String, Object> copy(Map<String, Object> row) {
        return new LinkedHashMap<>(row);
    }

    private static SimResponse ok(Object value) {
        return SimResponse.json(200, value);
    }
}
