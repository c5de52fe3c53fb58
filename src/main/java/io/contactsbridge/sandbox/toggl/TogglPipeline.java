package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglSimulator.API;
import static io.contactsbridge.sandbox.toggl.TogglSimulator.REPORTS;
import static io.contactsbridge.sandbox.toggl.TogglSimulator.WEBHOOKS;

import java.util.Set;
import java.util.UUID;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * What happens to one request to the Toggl simulator, in order: control endpoints ({@code _faults},
 * {@code _limits}); 404 outside the two APIs; Basic auth (kit {@link Auth}; validation links and the
 * webhook status are public); injected faults (kit {@link Faults}); the leaky bucket (429); the hourly
 * quota (402; the request counts from here); the operation, under the store's lock; a slow answer's hold.
 * Every answer carries the quota headers.
 */
final class TogglPipeline {
    private final TogglStore store;
    private final TogglApi api;
    private final TogglWebhooks webhooks;
    private final TogglReports reports;
    private final TogglLimits limits;
    private final Faults faults;
    private final Auth auth;
    private final ControlEndpoints controls;

    TogglPipeline(TogglStore store, TogglApi api, TogglWebhooks webhooks, TogglReports reports, TogglLimits limits,
                  Faults faults) {
        this.store = store;
        this.reports = reports;
        this.api = api;
        this.webhooks = webhooks;
        this.limits = limits;
        this.faults = faults;
        this.auth = new Auth(() -> limits.clock().millis());
        auth.registerBasic(TogglSimulator.TOKEN, "api_token",
                new Auth.Grant(String.valueOf(TogglSimulator.WORKSPACE_ID), Set.of(), Auth.NEVER, "api_token"));
        this.controls = new ControlEndpoints(new ControlEndpoints.Answers() {
            @Override
            public SimResponse badRequest(String message) {
                return TogglError.answer(400, message);
            }

            @Override
            public SimResponse notFound(SimRequest request) {
                return TogglError.answer(404, "Not Found");
            }
        }).faults(faults).add("_limits", new TogglLimitKnobs(limits));
    }

    SimResponse handle(SimRequest request) {
        if (ControlEndpoints.isControl(request)) {
            return controls.handle(request);
        }
        String path = request.path();
        boolean isApi = path.startsWith(API + "/") || path.equals(API);
        boolean isHooks = path.startsWith(WEBHOOKS + "/");
        boolean isReports = path.startsWith(REPORTS + "/");
        if (!isApi && !isHooks && !isReports) {
            return TogglError.answer(404, "Not Found");
        }
        boolean userScoped = isApi && path.startsWith(API + "/me");
        String rest = path.substring((isApi ? API : isHooks ? WEBHOOKS : REPORTS).length());
        SimResponse response;
        try {
            // the Reports API counts against the same hourly quota as the org-scoped API calls
            response = serve(request, isApi || isReports, isReports, rest, userScoped);
        } catch (TogglError e) {
            response = e.response();
        }
        TogglLimits.Verdict quota = limits.quota(userScoped, false);
        return response
                .withHeader("X-Toggl-Quota-Remaining", String.valueOf(quota.remaining()))
                .withHeader("X-Toggl-Quota-Resets-In", String.valueOf(quota.resetsInSeconds()))
                .withHeader("X-Request-Id", UUID.randomUUID().toString().replace("-", ""))
                .withHeader("X-Service-Level", "GREEN");
    }

    /** Order: auth, injected faults, leaky bucket (429), quota (402, the request counts from here), the operation. */
    private SimResponse serve(SimRequest request, boolean isApi, boolean isReports, String rest, boolean userScoped) {
        if (!isApi && TogglWebhooks.isPublic(request, rest)) {
            synchronized (store) {
                return webhooks.route(request, rest);
            }
        }
        auth.authenticate(request, failure -> failure == Auth.Failure.MISSING
                ? new TogglError(SimResponse.empty(401).withHeader("X-Authorization-Missing", "true"))
                : new TogglError(403, "Incorrect username and/or password"));
        faults.delay();
        Faults.Fault fault = faults.before();
        if (fault != null) {
            SimResponse answer = TogglError.answer(fault.status(), fault.status() == 429 ? "Too Many Requests" : "Internal Server Error");
            // a rolled 429 is the leaky bucket's answer (api-notes: 429 with Retry-After), on top of the real bucket
            return fault.kind().equals(Faults.RATE_LIMIT) ? answer.withHeader("Retry-After", "1") : answer;
        }
        if (isApi) {
            long wait = limits.rateLimitWaitSeconds();
            if (wait > 0) {
                return TogglError.answer(429, "Too Many Requests").withHeader("Retry-After", String.valueOf(wait));
            }
            if (!limits.quota(userScoped, true).allowed()) {
                return TogglError.answer(402, "You have hit your hourly API request limit for this organization. "
                        + "Please wait until the quota resets (see X-Toggl-Quota-Resets-In).");
            }
        }
        long hold = faults.slowAnswerMs();
        SimResponse response;
        try {
            synchronized (store) {
                response = isReports ? reports.route(request, rest) : isApi ? api.route(request, rest) : webhooks.route(request, rest);
            }
        } catch (TogglError e) {
            response = e.response();
        }
        int lost = response.status() < 300 ? faults.takeFailAfterApplying() : 0;
        if (lost > 0) {
            return TogglError.answer(lost, "Internal Server Error"); // applied, its webhooks on their way, but the answer is lost
        }
        // applied (its webhooks are on their way) but answered late, as a slow server does
        Faults.sleep(hold);
        return response;
    }
}
