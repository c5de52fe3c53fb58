package io.contactsbridge.sandbox.hubstaff;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.Faults.Knob;
import io.contactsbridge.sandbox.Knobs;
import io.contactsbridge.sandbox.RateLimiter;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * Hubstaff API v2 (the subset the bridge uses) at {@code <root>/v2}, in memory, for organization
 * {@value #ORGANIZATION_ID}. Access tokens are the JWTs {@link HubstaffAccountSimulator} issues (401
 * {@code {"error": ...}} when missing, unsigned, expired or issued before the last "expire tokens");
 * 1,000 requests per hour per user (429 with {@code Retry-After}; {@code hourlyBudget} at
 * {@code <root>/_limits}, with {@code expireTokens: true} to end every access token now); faults at
 * {@code <root>/_faults}. Resources in {@link HubstaffApi}, webhooks in {@link HubstaffWebhooks}.
 */
public class HubstaffSimulator implements Simulator {
    public static final String NAME = "hubstaff";
    public static final long ORGANIZATION_ID = HubstaffData.ORGANIZATION_ID;
    public static final long USER_ID = HubstaffData.USER_ID;

    private final Clock clock = Clock.systemUTC();
    private final HubstaffData data = new HubstaffData(clock);
    private final HubstaffWebhooks webhooks = new HubstaffWebhooks(data);
    private final HubstaffApi api = new HubstaffApi(data, webhooks);
    private volatile long hourlyBudget = 1000;
    private volatile long tokensValidFrom;
    private final RateLimiter limiter = new RateLimiter(clock::millis, RateLimiter.Window.fixed("hour", () -> hourlyBudget, () -> 3_600_000));
    private final Faults faults = Faults.builder().errorStatuses(500, 502, 503)
            .knobs(Knob.ERROR_RATE, Knob.ERROR_STATUS, Knob.RATE_LIMIT_RATE, Knob.TIMEOUT_RATE, Knob.TIMEOUT_MS,
                    Knob.SLOW_RATE, Knob.SLOW_MS, Knob.APPLY_THEN_FAIL_RATE, Knob.LATENCY_MS, Knob.FAIL_NEXT_COUNT,
                    Knob.FAIL_NEXT_STATUS, Knob.SEED).build();
    private final ControlEndpoints control = new ControlEndpoints(new ControlEndpoints.Answers() {
        @Override
        public SimResponse badRequest(String message) {
            return HubstaffApi.error(400, message);
        }

        @Override
        public SimResponse notFound(SimRequest request) {
            return HubstaffApi.error(404, "Not found");
        }
    }).faults(faults).add("_limits", new ControlEndpoints.Knobs() {
        @Override
        public Map<String, Object> read() {
            return limits();
        }

        @Override
        public void apply(Map<String, Object> changes) {
            limits(changes);
        }

        @Override
        public void reset() {
            hourlyBudget = 1000;
            limiter.reset();
        }
    });

    public HubstaffSimulator() {
        data.onEvent(webhooks::emit);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("hubstaff.base-url", rootUrl + "/v2");
        s.put("hubstaff.organization-id", String.valueOf(ORGANIZATION_ID));
        int sandbox = rootUrl.lastIndexOf("/sandbox/");
        if (sandbox > 0) {
            // the bridge's own receiver, on the same HTTP root as the simulator
            s.put("hubstaff.webhook.callback-url", rootUrl.substring(0, sandbox) + "/webhooks/hubstaff");
            s.put("hubstaff.webhook.subscribe-on-start", "true");
            s.put("hubstaff.poll-on-start", "true");
        }
        return s;
    }

    @Override
    public void seedDemoData() {
        Map<String, Object> initech = createClient("Initech LLC", "billing@initech.example", "+1 555 0100", "4120 Freidrich Lane, Austin");
        Map<String, Object> peter = createClient("Peter Gibbons", "peter@gibbons.example", "+1 555 0101", null);
        Map<String, Object> website = createProject("Website", id(initech));
        Map<String, Object> app = createProject("Mobile App", id(initech));
        Map<String, Object> branding = createProject("Branding", id(peter));
        createProject("Internal", null);
        createTask(id(website), "Homepage wireframes", "Three options for the hero section", null);
        createTask(id(app), "Login screen", null, null);
        createTask(id(branding), "Logo concepts", "Two directions", null);
        long ann = id(addMember("Ann Lee", "ann@hubstaff-sandbox.example"));
        long bob = id(addMember("Bob Stone", "bob@hubstaff-sandbox.example"));
        long cy = id(addMember("Cy Park", "cy@hubstaff-sandbox.example"));
        String today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        track(USER_ID, id(website), today, 3600);
        track(ann, id(website), today, 4200);
        track(bob, id(website), today, 2400);
        track(cy, id(website), today, 1800);
        track(ann, id(branding), today, 5400);
    }

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        if (ControlEndpoints.isControl(request)) {
            return control.handle(request);
        }
        faults.delay();
        Faults.Fault fault = faults.before();
        if (fault != null) {
            return fault.status() == 429 ? HubstaffApi.error(429, "Rate limit exceeded").withHeader("Retry-After", "1")
                    : HubstaffApi.error(fault.status(), "Internal server error");
        }
        Optional<SimResponse> refused = authenticate(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        RateLimiter.Decision decision = limiter.acquire(String.valueOf(USER_ID));
        if (!decision.allowed()) {
            return HubstaffApi.error(429, "Rate limit exceeded: 1,000 requests per hour")
                    .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        }
        SimResponse response;
        try {
            response = api.handle(request);
        } catch (HubstaffApi.BadBody e) {
            return HubstaffApi.error(400, e.getMessage());
        }
        long slow = faults.slowAnswerMs();
        if (slow > 0) {
            Faults.sleep(slow);
        }
        if (response.status() < 300 && !request.method().equals("GET") && faults.rollApplyThenFail()) {
            faults.count(Faults.APPLY_THEN_FAIL);
            return HubstaffApi.error(500, "Internal server error");
        }
        return response;
    }

    private Optional<SimResponse> authenticate(SimRequest request) {
        Optional<Auth.Credentials> credentials = request.header("Authorization").flatMap(Auth::parse);
        if (credentials.isEmpty() || !credentials.get().scheme().equals("bearer")) {
            return Optional.of(HubstaffApi.error(401, "Missing access token"));
        }
        Map<String, Object> claims = HubstaffJwt.verify(credentials.get().token()).orElse(null);
        long now = clock.millis();
        if (claims == null || !HubstaffJwt.ACCESS.equals(claims.get("typ"))
                || !(claims.get("exp") instanceof Number exp) || exp.longValue() * 1000 <= now
                || !(claims.get("iat_ms") instanceof Number iat) || iat.longValue() < tokensValidFrom) {
            return Optional.of(HubstaffApi.error(401, "Invalid or expired access token"));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ knobs and "user" actions (tests, demo)

    /** Keys as {@code POST <root>/_limits}: hourlyBudget (requests per hour), expireTokens (true: end every access token now). */
    public void limits(Map<String, Object> changes) {
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            switch (e.getKey()) {
                case "hourlyBudget" -> Knobs.positive(e.getKey(), Knobs.number(e).longValue());
                case "expireTokens" -> Knobs.bool(e);
                default -> throw new IllegalArgumentException("unknown knob " + e.getKey());
            }
        }
        if (changes.get("hourlyBudget") instanceof Number n) {
            hourlyBudget = n.longValue();
            limiter.reset();
        }
        if (Boolean.TRUE.equals(changes.get("expireTokens"))) {
            tokensValidFrom = clock.millis() + 1;
        }
    }

    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hourlyBudget", hourlyBudget);
        m.put("used", limiter.peek(String.valueOf(USER_ID)).usage("hour").used());
        return m;
    }

    public Faults faults() {
        return faults;
    }

    public Map<String, Object> createClient(String name, String email, String phone, String address) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("emails", email == null ? List.of() : List.of(email));
        fields.put("phone", phone);
        fields.put("address", address);
        return data.addClient(fields);
    }

    public Map<String, Object> updateClient(long id, Map<String, Object> fields) {
        return data.updateClient(id, fields);
    }

    public Map<String, Object> createProject(String name, Long clientId) {
        return data.addProject(name, clientId);
    }

    public Map<String, Object> createTask(long projectId, String summary, String details, String dueAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("summary", summary);
        fields.put("details", details);
        fields.put("due_at", dueAt);
        return data.addTask(projectId, fields);
    }

    /** An edit made in Hubstaff's UI: the to-do's lock_version goes up. */
    public Map<String, Object> editTask(long id, Map<String, Object> fields) {
        synchronized (data) {
            return data.changeTask(id, fields);
        }
    }

    /**
     * A concurrent edit: {@code fields} are applied to the task (its lock_version goes up) just before
     * the next API update of it, which then carries a stale version. {@code updated_at} in the fields
     * sets when that edit happened (default now).
     */
    public void editBeforeNextUpdate(long id, Map<String, Object> fields) {
        data.editsBeforeNextUpdate.put(id, new LinkedHashMap<>(fields));
    }

    public void deleteTask(long id) {
        synchronized (data) {
            data.tasks.remove(id);
        }
    }

    public Map<String, Object> addMember(String name, String email) {
        return data.addMember(name, email, "user");
    }

    public Map<String, Object> track(long userId, long projectId, String date, long seconds) {
        return data.track(userId, projectId, date, seconds);
    }

    public List<Map<String, Object>> clients() {
        synchronized (data) {
            return HubstaffData.copies(data.clients.values());
        }
    }

    public List<Map<String, Object>> tasks() {
        synchronized (data) {
            return HubstaffData.copies(data.tasks.values());
        }
    }

    public List<Map<String, Object>> projects() {
        synchronized (data) {
            return HubstaffData.copies(data.projects.values());
        }
    }

    public List<Map<String, Object>> webhooks() {
        synchronized (data) {
            return HubstaffData.copies(data.webhooks.values());
        }
    }

    public int webhooksDelivered() {
        return webhooks.delivered();
    }

    public static long id(Map<String, Object> row) {
        return ((Number) (row.get("id") != null ? row.get("id") : row.get("user_id"))).longValue();
    }
}
