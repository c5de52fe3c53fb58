package io.contactsbridge.sandbox.togglfocus;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Faults.Knob;
import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.Knobs;
import io.contactsbridge.sandbox.RateLimiter;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * Toggl Focus (the subset the bridge uses), in memory, at {@code <root>/api}: the calendar-integration
 * endpoints in both path forms ({@code /organizations/{org}/workspaces/{ws}/integrations/calendar...}
 * and {@code /workspaces/{ws}/integrations/calendar...}) and the organization-scoped time entries.
 * Bearer {@value #API_KEY} (or Basic {@value #EMAIL}:{@value #PASSWORD}); Focus's error bodies;
 * the hourly quota answered 402 with {@code X-Toggl-Quota-*} headers. Sandbox-only endpoints:
 * {@code <root>/_faults}, {@code <root>/_limits} ({@code hourlyQuota}, {@code quotaEnabled}),
 * {@code <root>/_calendars} (switch an integration broken: {@code errorStatus}, {@code hasWriteScope},
 * {@code deleteSelectedCalendars}; DELETE restores the seeded account) and {@code <root>/_consent}
 * (the provider's consent page the set-up and re-authorization URLs point to).
 */
public class TogglFocusSimulator implements Simulator {
    public static final String NAME = "toggl-focus";
    public static final String API_KEY = "toggl_sk_sandbox";
    public static final String EMAIL = "sandbox.user@example.com";
    /** The seeded integration's calendar account: not the Focus login, which is a credential. */
    public static final String CALENDAR_ACCOUNT = "sandbox.calendar@example.com";
    public static final String PASSWORD = "sandbox-focus-password";
    public static final long WORKSPACE_ID = 4000;
    public static final long ORGANIZATION_ID = 4100;
    /** The project the seeded "Work" calendar plans into. */
    public static final long DEFAULT_PROJECT_ID = 9001;
    static final String API = "/api";

    private volatile Clock clock = Clock.systemUTC();
    private volatile String root = "http://localhost/sandbox/" + NAME;
    private volatile long hourlyQuota = 600;
    private volatile boolean quotaEnabled = true;
    private final FocusCalendars calendars = new FocusCalendars(() -> clock.instant(), () -> root);
    private final FocusEntries entries = new FocusEntries(() -> clock.instant());
    private final RateLimiter quota = new RateLimiter(() -> clock.millis(),
            RateLimiter.Window.sliding("hour", () -> hourlyQuota, () -> 3_600_000L, () -> quotaEnabled));
    private final Faults faults = Faults.builder().errorStatuses(500)
            .knobs(Knob.ERROR_RATE, Knob.ERROR_STATUS, Knob.RATE_LIMIT_RATE, Knob.LATENCY_MS, Knob.FAIL_NEXT_COUNT,
                    Knob.FAIL_NEXT_STATUS, Knob.FAIL_AFTER_APPLYING_COUNT, Knob.SEED)
            .counted(Faults.ERROR, Faults.RATE_LIMIT).build();
    private final Auth auth = new Auth(() -> clock.millis());
    private final ControlEndpoints controls;
    private volatile long seededIntegration;

    public TogglFocusSimulator() {
        Auth.Grant grant = new Auth.Grant(String.valueOf(ORGANIZATION_ID), Set.of(), Auth.NEVER, "api_key");
        auth.registerBearer(API_KEY, grant);
        auth.registerBasic(EMAIL, PASSWORD, grant);
        seededIntegration = calendars.connect("google", CALENDAR_ACCOUNT, true);
        controls = new ControlEndpoints(new ControlEndpoints.Answers() {
            @Override
            public SimResponse badRequest(String message) {
                return FocusError.answer(400, "validation", message);
            }

            @Override
            public SimResponse notFound(SimRequest request) {
                return FocusError.answer(404, "not_found", "not found");
            }
        }).faults(faults).add("_limits", new FocusLimitKnobs()).add("_calendars", new CalendarKnobs());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        root = rootUrl;
        Map<String, String> s = new LinkedHashMap<>();
        s.put("toggl-focus.base-url", rootUrl + API);
        s.put("toggl-focus.api-key", API_KEY);
        s.put("toggl-focus.workspace-id", String.valueOf(WORKSPACE_ID));
        s.put("toggl-focus.organization-id", String.valueOf(ORGANIZATION_ID));
        s.put("toggl-focus.hourly-quota", "600");
        return s;
    }

    @Override
    public SimResponse handle(SimRequest request) {
        if (request.path().equals("/_consent")) {
            return calendars.consent(request);
        }
        if (ControlEndpoints.isControl(request)) {
            return controls.handle(request);
        }
        SimResponse response;
        try {
            response = serve(request);
        } catch (FocusError e) {
            response = e.response();
        }
        RateLimiter.Usage usage = quota.peek(String.valueOf(ORGANIZATION_ID)).usage("hour");
        return response.withHeader("X-Toggl-Quota-Remaining", String.valueOf(usage.remaining()))
                .withHeader("X-Toggl-Quota-Resets-In", String.valueOf(usage.resetsInSeconds()));
    }

    /** Order: auth, injected faults, quota (402), the operation. */
    private SimResponse serve(SimRequest request) {
        String path = request.path();
        if (!path.startsWith(API + "/")) {
            throw FocusError.notFound("route");
        }
        Auth.Grant grant = auth.authenticate(request, failure -> new FocusError(401, "unauthorized",
                failure == Auth.Failure.MISSING ? "missing Authorization header" : "invalid API key or credentials"));
        faults.delay();
        Faults.Fault fault = faults.before();
        if (fault != null) {
            SimResponse answer = FocusError.answer(fault.status(), fault.status() == 429 ? "rate_limited" : "internal", "injected fault");
            return fault.status() == 429 ? answer.withHeader("Retry-After", "1") : answer;
        }
        if (!quota.acquire(grant.account()).allowed()) {
            return FocusError.answer(402, "quota_exceeded", "hourly API request quota of your plan exceeded; "
                    + "wait until it resets (X-Toggl-Quota-Resets-In)");
        }
        SimResponse response = route(request, path.substring(API.length()));
        int lost = response.status() < 300 ? faults.takeFailAfterApplying() : 0;
        return lost > 0 ? FocusError.answer(lost, "internal", "internal error") : response;
    }

    private SimResponse route(SimRequest request, String rest) {
        String[] p = rest.split("/", -1);
        String tail;
        String form;
        if (p.length >= 5 && p[1].equals("organizations") && p[3].equals("workspaces")) {
            scope(p[2], p[4]);
            tail = "/" + String.join("/", Arrays.copyOfRange(p, 5, p.length));
            form = "organization";
        } else if (p.length >= 3 && p[1].equals("workspaces")) {
            scope(String.valueOf(ORGANIZATION_ID), p[2]);
            tail = "/" + String.join("/", Arrays.copyOfRange(p, 3, p.length));
            form = "workspace";
        } else {
            throw FocusError.notFound("route");
        }
        if (tail.startsWith("/integrations/calendar")) {
            return calendars.route(request, tail.substring("/integrations/calendar".length()), form);
        }
        if (form.equals("organization") && tail.startsWith("/time-entries")) {
            return entries.route(request, tail.substring("/time-entries".length()));
        }
        throw FocusError.notFound("route");
    }

    private static void scope(String org, String ws) {
        if (!org.equals(String.valueOf(ORGANIZATION_ID)) || !ws.equals(String.valueOf(WORKSPACE_ID))) {
            throw new FocusError(403, "forbidden", "no access to organization " + org + " / workspace " + ws);
        }
    }

    // ------------------------------------------------------------------ Java API for tests

    /** The seeded integration (google, {@value #CALENDAR_ACCOUNT}, write scope, "Work" selected with project {@value #DEFAULT_PROJECT_ID}). */
    public long seededIntegration() {
        return seededIntegration;
    }

    public List<Map<String, Object>> integrations() {
        return calendars.all();
    }

    public long connect(String provider, String email, boolean writeScope) {
        return calendars.connect(provider, email, writeScope);
    }

    /** Switches an integration broken ({@code invalid_grant}, ...) or healed ({@code null}). */
    public void errorStatus(long integration, String status) {
        calendars.errorStatus(integration, status);
    }

    public void writeScope(long integration, boolean granted) {
        calendars.writeScope(integration, granted);
    }

    public void deleteSelectedCalendars(long integration) {
        calendars.deleteSelectedCalendars(integration);
    }

    /** Every time entry, planned ones included. */
    public List<Map<String, Object>> timeEntries() {
        return entries.all();
    }

    public void hourlyQuota(long max) {
        hourlyQuota = max;
    }

    public void resetUsage() {
        quota.reset();
    }

    public void clock(Clock clock) {
        this.clock = clock;
    }

    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /** The next {@code count} requests run (a create creates) but are answered {@code status}: a lost answer. */
    public void failNextAfterApplying(int count, int status) {
        faults.failNextAfterApplying(count, status);
    }

    /** Back to the seeded state: one integration, no entries, no faults, the quota unused. */
    public void reset() {
        calendars.clear();
        entries.clear();
        seededIntegration = calendars.connect("google", CALENDAR_ACCOUNT, true);
        faults.reset();
        quota.reset();
        hourlyQuota = 600;
        quotaEnabled = true;
    }

    private final class FocusLimitKnobs implements ControlEndpoints.Knobs {
        @Override
        public Map<String, Object> read() {
            return Map.of("hourlyQuota", hourlyQuota, "quotaEnabled", quotaEnabled);
        }

        @Override
        public void apply(Map<String, Object> changes) {
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                switch (e.getKey()) {
                    case "hourlyQuota" -> hourlyQuota = Knobs.positive("hourlyQuota", Knobs.number(e).longValue());
                    case "quotaEnabled" -> quotaEnabled = Knobs.bool(e);
                    default -> throw new IllegalArgumentException("unknown knob " + e.getKey());
                }
            }
        }

        @Override
        public void reset() {
            hourlyQuota = 600;
            quotaEnabled = true;
            quota.reset();
        }
    }

    /** {@code <root>/_calendars}: switch the seeded (or a named) integration broken, and back. */
    private final class CalendarKnobs implements ControlEndpoints.Knobs {
        @Override
        public Map<String, Object> read() {
            return Map.of("integrations", calendars.all());
        }

        @Override
        public void apply(Map<String, Object> changes) {
            long id = changes.get("integrationId") instanceof Number n ? n.longValue() : seededIntegration;
            try {
                for (Map.Entry<String, Object> e : changes.entrySet()) {
                    switch (e.getKey()) {
                        case "integrationId" -> { }
                        case "errorStatus" -> calendars.errorStatus(id, e.getValue() == null ? null : e.getValue().toString());
                        case "hasWriteScope" -> calendars.writeScope(id, Knobs.bool(e));
                        case "deleteSelectedCalendars" -> {
                            if (Knobs.bool(e)) {
                                calendars.deleteSelectedCalendars(id);
                            }
                        }
                        default -> throw new IllegalArgumentException("unknown knob " + e.getKey());
                    }
                }
            } catch (FocusError e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }

        @Override
        public void reset() {
            calendars.clear();
            seededIntegration = calendars.connect("google", CALENDAR_ACCOUNT, true);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
