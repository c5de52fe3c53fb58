package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglParams.id;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;
import static io.contactsbridge.sandbox.toggl.TogglStore.copy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.Faults.Knob;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * Toggl Track API v9 (the subset the bridge uses) and the Toggl Webhooks API v1, in memory.
 * Basic auth {@code <token>:api_token} (401 with an empty body and {@code X-Authorization-Missing: true}
 * without a header, 403 on a wrong token), error bodies as JSON string literals, rows with {@code at} and
 * {@code server_deleted_at}, {@code /me/...?since=<unix>}; the sliding 60-minute quota per plan (402; {@code /me}
 * 30/h) and a leaky bucket (429), quota headers on every reply (knobs at {@code <root>/_limits}, faults at
 * {@code <root>/_faults}); webhook subscriptions, every change delivered signed to the enabled, validated
 * subscriptions whose filters match, PINGs with a validation code until validated.
 * Two workspaces of one user ({@link #WORKSPACE_ID}, {@link #SECOND_WORKSPACE_ID}): {@code /me} reads span
 * both, workspace paths see their own; the Reports API v3 detailed search ({@link TogglReports}); invitations
 * and workspace users ({@link TogglMembers}). Records in {@link TogglStore}, one class per resource.
 */
public class TogglSimulator implements Simulator {
    public static final String NAME = "toggl";
    public static final String TOKEN = "sandbox-toggl-token";
    public static final long WORKSPACE_ID = 1000;
    /** Another workspace of the same user and organization (its records show in the user's /me reads too). */
    public static final long SECOND_WORKSPACE_ID = 1001;
    public static final long ORGANIZATION_ID = 2000;
    public static final long USER_ID = 5_000_001;
    public static final String WEBHOOK_SECRET = "sandbox-toggl-secret";
    public static final String USER_EMAIL = "sandbox.user@example.com";

    static final String API = "/api/v9";
    static final String WEBHOOKS = "/webhooks/api/v1";
    static final String REPORTS = "/reports/api/v3";

    private final TogglLimits limits = new TogglLimits(Clock.systemUTC());
    private final TogglStore store = new TogglStore(limits::clock);
    private final TogglSubscriptions subscriptions = new TogglSubscriptions(store);
    private final TogglWebhookSender sender = new TogglWebhookSender(TogglParams.JSON);
    private final TogglWebhooks webhooks = new TogglWebhooks(store, subscriptions, sender);
    private final TogglClients clients = new TogglClients(store);
    private final TogglProjects projects = new TogglProjects(store);
    private final TogglTasks tasks = new TogglTasks(store);
    private final TogglTimeEntries timeEntries = new TogglTimeEntries(store);
    private final TogglMembers members = new TogglMembers(store);
    private final TogglApi api = new TogglApi(store, limits::plan, clients, projects, tasks, timeEntries, members);
    private final Faults faults = Faults.builder().errorStatuses(500).rename(Knob.FAIL_NEXT_COUNT, "failNext")
            .knobs(Knob.ERROR_RATE, Knob.ERROR_STATUS, Knob.RATE_LIMIT_RATE, Knob.SLOW_RATE, Knob.SLOW_MS, Knob.SEED,
                    Knob.LATENCY_MS, Knob.FAIL_NEXT_COUNT, Knob.FAIL_NEXT_STATUS, Knob.FAIL_AFTER_APPLYING_COUNT)
            .counted(Faults.ERROR, Faults.RATE_LIMIT, Faults.SLOW).build();
    private final TogglPipeline pipeline = new TogglPipeline(store, api, webhooks, new TogglReports(store), limits, faults);

    private boolean seeded;

    public TogglSimulator() {
        store.onChange(webhooks::emit);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connector() {
        return "toggl";
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("toggl.base-url", rootUrl + API);
        s.put("toggl.webhooks-url", rootUrl + WEBHOOKS);
        s.put("toggl.reports-url", rootUrl + REPORTS);
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
        // once per simulator: a bridge restarted on the same simulator finds the data as it left it
        synchronized (store) {
            if (seeded) {
                return;
            }
            seeded = true;
        }
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
        Instant start = store.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        createTimeEntry(id(website), id(wireframes), "Homepage wireframes", start, 8100);
        createTimeEntry(id(branding), null, "Kick-off call", start.plus(3, ChronoUnit.HOURS), 1800);
        createTag("billable-review");
    }

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        return pipeline.handle(request);
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
    public void reset() {
        synchronized (store) {
            store.clear();
        }
        faults.reset();
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
    public void faults(double errorRate, double rateLimitRate) {
        faults.errorRate(errorRate).rateLimitRate(rateLimitRate);
    }

    /** {@code rate} of the authenticated requests run, then answered {@code millis} late (their webhooks go out first). */
    public void slowAnswers(double rate, long millis) {
        faults.slowRate(rate).slowMs(millis);
    }

    /** Seeds the fault rolls (reproducible runs) and clears the counts of {@link #injected()}. */
    public void seed(long seed) {
        faults.seed(seed);
    }

    /** How many faults were injected, by kind (5xx, 429, slow). */
    public Map<String, Integer> injected() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String kind : List.of(Faults.ERROR, Faults.RATE_LIMIT, Faults.SLOW)) {
            m.put(kind, faults.injected(kind));
        }
        return m;
    }

    /** The next {@code count} authenticated requests are answered {@code status} without running. */
    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /**
     * The next {@code count} authenticated requests run (a create creates, its webhooks go out) but
     * are answered {@code status}: the lost answer a create must not be re-sent blindly after.
     */
    public void failNextAfterApplying(int count, int status) {
        faults.failNextAfterApplying(count, status);
    }

    /** Waits until queued webhook deliveries are done. */
    public boolean drainWebhooks(long timeoutMillis) {
        return sender.drain(timeoutMillis);
    }

    // ------------------------------------------------------------------ the "user" API (changes made in Toggl's UI; they fire webhooks)

    public Map<String, Object> createClient(String name, String notes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("notes", notes);
        synchronized (store) {
            return copy(clients.create(body, store.wsPath("/clients")));
        }
    }

    public Map<String, Object> updateClient(long id, Map<String, Object> changes) {
        synchronized (store) {
            return copy(clients.update(id, changes, store.wsPath("/clients/" + id)));
        }
    }

    public void archiveClient(long id) {
        synchronized (store) {
            clients.archive(id, true, store.wsPath("/clients/" + id + "/archive"));
        }
    }

    public void deleteClient(long id) {
        synchronized (store) {
            clients.delete(id, store.wsPath("/clients/" + id));
        }
    }

    public Map<String, Object> createProject(String name, Long clientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("client_id", clientId);
        body.put("active", true);
        synchronized (store) {
            return copy(projects.create(body, store.wsPath("/projects")));
        }
    }

    public Map<String, Object> updateProject(long id, Map<String, Object> changes) {
        synchronized (store) {
            return copy(projects.update(id, changes, store.wsPath("/projects/" + id)));
        }
    }

    public void deleteProject(long id) {
        synchronized (store) {
            projects.delete(id, store.wsPath("/projects/" + id));
        }
    }

    public Map<String, Object> createTask(long projectId, String name) {
        synchronized (store) {
            return copy(tasks.create(projectId, new LinkedHashMap<>(Map.of("name", name)), store.wsPath("/projects/" + projectId + "/tasks")));
        }
    }

    public Map<String, Object> updateTask(long taskId, Map<String, Object> changes) {
        synchronized (store) {
            return copy(tasks.update(taskId, changes, taskPath(taskId)));
        }
    }

    public void deleteTask(long taskId) {
        synchronized (store) {
            store.delete("task", taskId, taskPath(taskId));
        }
    }

    private String taskPath(long taskId) {
        return store.wsPath("/projects/" + store.found("task", taskId).get("project_id") + "/tasks/" + taskId);
    }

    public Map<String, Object> createTimeEntry(Long projectId, Long taskId, String description, Instant start, long durationSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("created_with", "toggl-sandbox");
        body.put("workspace_id", store.wid());
        body.put("project_id", projectId);
        body.put("task_id", taskId);
        body.put("description", description);
        body.put("start", ts(start));
        body.put("duration", durationSeconds);
        synchronized (store) {
            return copy(timeEntries.create(body, store.wsPath("/time_entries")));
        }
    }

    /** A time entry of another user of the workspace (only the Reports API shows it, not /me/time_entries). */
    public Map<String, Object> createTimeEntryAs(long userId, Long projectId, String description, Instant start, long durationSeconds) {
        synchronized (store) {
            Map<String, Object> entry = createTimeEntry(projectId, null, description, start, durationSeconds);
            return copy(timeEntries.update(id(entry), Map.of("user_id", userId), store.wsPath("/time_entries/" + id(entry))));
        }
    }

    public Map<String, Object> updateTimeEntry(long id, Map<String, Object> changes) {
        synchronized (store) {
            return copy(timeEntries.update(id, changes, store.wsPath("/time_entries/" + id)));
        }
    }

    public void deleteTimeEntry(long id) {
        synchronized (store) {
            store.delete("time_entry", id, store.wsPath("/time_entries/" + id));
        }
    }

    public Map<String, Object> createTag(String name) {
        synchronized (store) {
            return copy(timeEntries.createTag(new LinkedHashMap<>(Map.of("name", name)), store.wsPath("/tags")));
        }
    }

    /** Makes the "user" changes of {@code changes} in another workspace: {@code inWorkspace(SECOND_WORKSPACE_ID, () -> createClient(..))}. */
    public <T> T inWorkspace(long workspaceId, Supplier<T> changes) {
        synchronized (store) {
            return store.in(workspaceId, changes);
        }
    }

    /** A new workspace of the organization with this id (a {@code workspace created} event goes out). */
    public Map<String, Object> createWorkspace(long id, String name) {
        synchronized (store) {
            return copy(members.createWorkspace(id, name));
        }
    }

    /** The invited person joins the workspaces they were invited to; their user id, or -1 when not invited. */
    public long acceptInvitation(String email) {
        synchronized (store) {
            return members.accept(email);
        }
    }

    /** Rows of one table ({@code client}, {@code project}, {@code task}, {@code time_entry}, {@code tag},
     * {@code project_user}), deleted ones included. */
    public List<Map<String, Object>> rows(String table) {
        synchronized (store) {
            return store.table(table).values().stream().map(TogglStore::copy).toList();
        }
    }

    public Optional<Map<String, Object>> row(String table, long id) {
        synchronized (store) {
            return Optional.ofNullable(store.table(table).get(id)).map(TogglStore::copy);
        }
    }

    public List<Map<String, Object>> invitations() {
        synchronized (store) {
            return store.invitations().stream().map(TogglStore::copy).toList();
        }
    }

    public List<Map<String, Object>> subscriptions() {
        synchronized (store) {
            return subscriptions.all().stream().map(TogglSubscriptions::publicView).toList();
        }
    }

    /** Creates a subscription directly (validated or not, no PING), as a user would in Toggl's UI. */
    public Map<String, Object> subscribe(String urlCallback, String secret, boolean validated, List<Map<String, Object>> filters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url_callback", urlCallback);
        body.put("description", "sandbox " + UUID.randomUUID());
        body.put("event_filters", filters);
        body.put("enabled", true);
        body.put("secret", secret);
        synchronized (store) {
            return TogglSubscriptions.publicView(subscriptions.create(body, "localhost", validated));
        }
    }

    /** The validation link a PING of this subscription carries (the asynchronous way to validate it). */
    public Optional<String> validationCodeUrl(long subscriptionId) {
        synchronized (store) {
            return Optional.ofNullable(subscriptions.get(subscriptionId)).map(TogglWebhooks::validationPath);
        }
    }

    public void enableSubscription(long id, boolean enabled) {
        synchronized (store) {
            Optional.ofNullable(subscriptions.get(id)).ifPresent(sub -> sub.put("enabled", enabled));
        }
    }
}
