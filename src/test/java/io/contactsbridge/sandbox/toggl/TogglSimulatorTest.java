package io.contactsbridge.sandbox.toggl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TogglSimulatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((TogglSimulator.TOKEN + ":api_token").getBytes(StandardCharsets.UTF_8));


    TogglSimulator sim;
    MovableClock clock;

    @BeforeEach
    void setUp() {
        sim = new TogglSimulator();
        clock = new MovableClock(Instant.parse("2026-01-10T10:00:00Z"));
        sim.clock(clock);
        sim.limits(Map.of("rateLimitEnabled", false, "plan", "premium"));
    }

    SimResponse call(String method, String path, String query, Object body, String auth) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (auth != null) {
            headers.put("Authorization", auth);
        }
        byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
        return sim.handle(SimRequest.of(method, path, query, headers, bytes));
    }

    SimResponse call(String method, String path, String query, Object body) throws Exception {
        return call(method, path, query, body, AUTH);
    }

    static Object json(SimResponse r) throws Exception {
        return r.body().length == 0 ? null : JSON.readValue(r.body(), Object.class);
    }

    @Test
    void missingAuthIs401WithEmptyBodyAndHeader_badTokenIs403() throws Exception {
        SimResponse none = call("GET", "/api/v9/me", null, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEmpty();
        assertThat(none.headers()).containsEntry("X-Authorization-Missing", "true");

        String wrong = "Basic " + Base64.getEncoder().encodeToString("nope:api_token".getBytes(StandardCharsets.UTF_8));
        SimResponse bad = call("GET", "/api/v9/me", null, null, wrong);
        assertThat(bad.status()).isEqualTo(403);
        assertThat(json(bad)).isInstanceOf(String.class);

        SimResponse ok = call("GET", "/api/v9/me", null, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsKeys("X-Toggl-Quota-Remaining", "X-Toggl-Quota-Resets-In");
    }

    @Test
    void errorsAreJsonStringLiterals() throws Exception {
        SimResponse r = call("GET", "/api/v9/me/time_entries", "since=1&before=2026-01-01", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("\"'since' and 'before' can not be present simultaneously\"");
        SimResponse blank = call("POST", "/api/v9/workspaces/1000/clients", null, Map.of("name", " "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(json(blank)).isInstanceOf(String.class);
        SimResponse missing = call("GET", "/api/v9/workspaces/1000/clients/999", null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing)).isEqualTo("No client with ID 999 was found");
        assertThat(call("GET", "/api/v9/workspaces/1/clients", null, null).status()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sinceReturnsCreatedModifiedAndDeletedRows() throws Exception {
        Map<String, Object> old = (Map<String, Object>) json(call("POST", "/api/v9/workspaces/1000/clients", null,
                Map.of("name", "Old Client")));
        assertThat(old).containsKeys("id", "wid", "archived", "name", "at", "creator_id");
        Map<String, Object> gone = sim.createClient("Gone Client", null);
        clock.advance(Duration.ofMinutes(10));
        long since = clock.instant().getEpochSecond();
        Map<String, Object> fresh = sim.createClient("Fresh Client", "notes");
        sim.deleteClient(((Number) gone.get("id")).longValue());

        List<Map<String, Object>> changed = (List<Map<String, Object>>) json(call("GET", "/api/v9/me/clients", "since=" + since, null));
        assertThat(changed).extracting(m -> m.get("name")).containsExactlyInAnyOrder("Fresh Client", "Gone Client");
        assertThat(changed).filteredOn(m -> "Gone Client".equals(m.get("name")))
                .allSatisfy(m -> assertThat(m.get("server_deleted_at")).isNotNull());

        List<Map<String, Object>> all = (List<Map<String, Object>>) json(call("GET", "/api/v9/me/clients", null, null));
        assertThat(all).extracting(m -> m.get("name")).containsExactlyInAnyOrder("Old Client", "Fresh Client");
        assertThat(call("GET", "/api/v9/workspaces/1000/clients/" + fresh.get("id"), null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v9/me/clients", "since=yesterday", null).status()).isEqualTo(400);
    }

    @Test
    void spentQuotaAnswers402UntilTheWindowSlides() throws Exception {
        sim.limits(Map.of("quotaPerHour", 3));
        for (int i = 0; i < 3; i++) {
            SimResponse r = call("GET", "/api/v9/workspaces/1000/clients", null, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("X-Toggl-Quota-Remaining", String.valueOf(2 - i));
        }
        SimResponse spent = call("GET", "/api/v9/workspaces/1000/clients", null, null);
        assertThat(spent.status()).isEqualTo(402);
        assertThat(spent.headers()).containsEntry("X-Toggl-Quota-Remaining", "0");
        assertThat(Long.parseLong(spent.headers().get("X-Toggl-Quota-Resets-In"))).isBetween(3590L, 3600L);
        // /me calls have their own hourly quota
        assertThat(call("GET", "/api/v9/me/clients", null, null).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(61));
        assertThat(call("GET", "/api/v9/workspaces/1000/clients", null, null).status()).isEqualTo(200);
    }

    @Test
    void burstsAnswer429WithRetryAfter() throws Exception {
        sim.limits(Map.of("rateLimitEnabled", true, "burst", 2, "requestsPerSecond", 1.0));
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(200);
        SimResponse limited = call("GET", "/api/v9/me", null, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsKey("Retry-After");
        clock.advance(Duration.ofSeconds(2));
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void faultKnobsFailTheNextRequests() throws Exception {
        SimResponse set = sim.handle(SimRequest.of("POST", "/_faults", null, Map.of(),
                "{\"failNext\":2,\"failNextStatus\":503}".getBytes(StandardCharsets.UTF_8)));
        assertThat((Map<String, Object>) json(set)).containsEntry("failNext", 2);
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(503);
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(503);
        assertThat(call("GET", "/api/v9/me", null, null).status()).isEqualTo(200);
    }

    @Test
    void seededRateFaultsRepeatAreCountedAndA429SaysWhenToRetry() throws Exception {
        List<Integer> first = statuses(7L);
        assertThat(statuses(7L)).isEqualTo(first);
        assertThat(first).contains(200, 500, 429);
        assertThat(sim.injected()).containsEntry("5xx", (int) first.stream().filter(s -> s == 500).count())
                .containsEntry("429", (int) first.stream().filter(s -> s == 429).count());
        sim.faults(0, 1.0);
        assertThat(call("GET", "/api/v9/me", null, null).headers()).containsEntry("Retry-After", "1");
    }

    private List<Integer> statuses(long seed) throws Exception {
        sim.seed(seed);
        sim.faults(0.3, 0.3);
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(call("GET", "/api/v9/workspaces/1000/clients", null, null).status());
        }
        return out;
    }

    @Test
    void aSlowAnswerIsAppliedBeforeItIsAnswered() throws Exception {
        sim.slowAnswers(1.0, 300);
        long t0 = System.nanoTime();
        SimResponse created = call("POST", "/api/v9/workspaces/1000/clients", null, Map.of("name", "Slowpoke"));
        assertThat(created.status()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(sim.rows("client")).anySatisfy(c -> assertThat(c).containsEntry("name", "Slowpoke"));
        assertThat(sim.injected()).containsEntry("slow", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAnswerLostAfterApplyingIsA5xxForAWriteThatHappened() throws Exception {
        SimResponse set = sim.handle(SimRequest.of("POST", "/_faults", null, Map.of(),
                "{\"failNextAfterApplying\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat((Map<String, Object>) json(set)).containsEntry("failNextAfterApplying", 1);
        SimResponse lost = call("POST", "/api/v9/workspaces/1000/clients", null, Map.of("name", "Applied Anyway"));
        assertThat(lost.status()).isEqualTo(500);
        assertThat(sim.rows("client")).filteredOn(c -> "Applied Anyway".equals(c.get("name"))).hasSize(1);
        // a refused request is not counted as applied; the next one answers normally
        sim.failNextAfterApplying(1, 502);
        assertThat(call("POST", "/api/v9/workspaces/1000/clients", null, Map.of("name", "")).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v9/workspaces/1000/clients", null, null).status()).isEqualTo(502);
        assertThat(call("GET", "/api/v9/workspaces/1000/clients", null, null).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void projectsAreFilteredByNameAndClient() throws Exception {
        long acme = ((Number) sim.createClient("Acme", null).get("id")).longValue();
        long globex = ((Number) sim.createClient("Globex", null).get("id")).longValue();
        sim.createProject("Acme Website", acme);
        sim.createProject("Acme App", acme);
        sim.createProject("Globex Website", globex);
        List<Map<String, Object>> websites = (List<Map<String, Object>>) json(call("GET", "/api/v9/workspaces/1000/projects",
                "name=website", null));
        assertThat(websites).extracting(p -> p.get("name")).containsExactlyInAnyOrder("Acme Website", "Globex Website");
        List<Map<String, Object>> ofAcme = (List<Map<String, Object>>) json(call("GET", "/api/v9/workspaces/1000/projects",
                "client_ids=" + acme + "&name=App", null));
        assertThat(ofAcme).extracting(p -> p.get("name")).containsExactly("Acme App");
        assertThat((List<?>) json(call("GET", "/api/v9/workspaces/1000/projects", "client_ids=" + globex + "," + acme, null)))
                .hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tasksOfArchivedProjectsAreRefused_invitationsNeedEmails() throws Exception {
        Map<String, Object> client = sim.createClient("Acme", null);
        Map<String, Object> project = sim.createProject("Site", ((Number) client.get("id")).longValue());
        long pid = ((Number) project.get("id")).longValue();
        Map<String, Object> task = (Map<String, Object>) json(call("POST", "/api/v9/workspaces/1000/projects/" + pid + "/tasks", null,
                Map.of("name", "Design")));
        assertThat(((Number) task.get("project_id")).longValue()).isEqualTo(pid);
        assertThat(task).containsEntry("active", true);
        List<Object> archived = (List<Object>) json(call("POST", "/api/v9/workspaces/1000/clients/" + client.get("id") + "/archive", null, null));
        assertThat(archived).extracting(o -> ((Number) o).longValue()).containsExactly(pid);
        SimResponse refused = call("POST", "/api/v9/workspaces/1000/projects/" + pid + "/tasks", null, Map.of("name", "More"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(json(refused)).isEqualTo("Can not change tasks of archived project");

        assertThat(call("POST", "/api/v9/organizations/2000/invitations", null, Map.of("emails", List.of())).status()).isEqualTo(400);
        Map<String, Object> inv = (Map<String, Object>) json(call("POST", "/api/v9/organizations/2000/invitations", null,
                Map.of("emails", List.of("a@example.com"), "workspaces", List.of(Map.of("workspace_id", 1000)))));
        assertThat((List<?>) inv.get("data")).hasSize(1);
    }

    @Test
    void signsLikeToggl() {
        // the doc's secret; HMAC-SHA256 over the raw bytes, hex, prefixed
        String sig = TogglWebhookSender.sign("PGuRrhCFajIyEvFlreKL", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(sig).startsWith("sha256=").hasSize(7 + 64);
    }

    @Test
    @SuppressWarnings("unchecked")
    void subscriptionsNeedFiltersAndAValidCallback() throws Exception {
        SimResponse bad = call("POST", "/webhooks/api/v1/subscriptions/1000", null,
                Map.of("url_callback", "not a url", "description", "x", "event_filters", List.of(Map.of("entity", "client", "action", "*"))));
        assertThat(bad.status()).isEqualTo(400);
        SimResponse noFilters = call("POST", "/webhooks/api/v1/subscriptions/1000", null,
                Map.of("url_callback", "http://127.0.0.1:1/hook", "description", "x", "event_filters", List.of()));
        assertThat(noFilters.status()).isEqualTo(400);
        Map<String, Object> created = (Map<String, Object>) json(call("POST", "/webhooks/api/v1/subscriptions/1000", null,
                Map.of("url_callback", "http://127.0.0.1:1/hook", "description", "x", "secret", "s3cret",
                        "event_filters", List.of(Map.of("entity", "client", "action", "*")))));
        assertThat(created).containsEntry("validated_at", null).containsEntry("enabled", true).containsEntry("secret", "s3cret");
        Map<String, Object> filters = (Map<String, Object>) json(call("GET", "/webhooks/api/v1/event_filters", null, null));
        assertThat(filters).containsKeys("client", "project", "task", "time_entry", "workspace");
        long id = ((Number) created.get("subscription_id")).longValue();
        assertThat(call("GET", "/webhooks/api/v1/validate/1000/" + id + "/wrong", null, null, null).status()).isEqualTo(400);
        // the asynchronous way: anybody opens the validation link (no credentials needed), once
        String link = sim.validationCodeUrl(id).orElseThrow().substring("/sandbox/toggl".length());
        SimResponse validated = call("GET", link, null, null, null);
        assertThat(validated.status()).isEqualTo(200);
        assertThat(json(validated)).isEqualTo("OK");
        assertThat(sim.subscriptions()).anySatisfy(s -> assertThat(s.get("validated_at")).isNotNull());
        SimResponse again = call("GET", link, null, null, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat((String) json(again)).contains("already been validated");
        // PATCH switches it off; events then stop
        Map<String, Object> off = (Map<String, Object>) json(call("PATCH", "/webhooks/api/v1/subscriptions/1000/" + id, null,
                Map.of("enabled", false)));
        assertThat(off).containsEntry("enabled", false);
        assertThat(call("DELETE", "/webhooks/api/v1/subscriptions/1000/" + id, null, null).status()).isEqualTo(200);
        assertThat(sim.subscriptions()).isEmpty();
    }

    @Test
    void resetDeletesRecordsAndFaultsButKeepsSubscriptionsAndCountsIdsOn() throws Exception {
        long before = ((Number) sim.createClient("Before Reset", null).get("id")).longValue();
        sim.subscribe("http://localhost:1/hook", "secret", true, List.of(Map.of("entity", "*", "action", "*")));
        sim.failNext(5, 500);
        sim.reset();
        assertThat(sim.rows("client")).isEmpty();
        assertThat(sim.subscriptions()).hasSize(1);
        SimResponse clients = call("GET", "/api/v9/me/clients", null, null);
        assertThat(clients.status()).isEqualTo(200); // the injected failures went with the reset
        assertThat((List<?>) json(clients)).isEmpty();
        long after = ((Number) sim.createClient("After Reset", null).get("id")).longValue();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoWorkspacesOfOneUser_meSpansBoth_workspacePathsSeeTheirOwn() throws Exception {
        sim.createClient("Home Client", null);
        sim.inWorkspace(TogglSimulator.SECOND_WORKSPACE_ID, () -> sim.createClient("Away Client", null));
        List<Map<String, Object>> me = (List<Map<String, Object>>) json(call("GET", "/api/v9/me/clients", "since=0", null));
        assertThat(me).extracting(c -> c.get("name")).contains("Home Client", "Away Client");
        List<Map<String, Object>> home = (List<Map<String, Object>>) json(call("GET", "/api/v9/workspaces/1000/clients", null, null));
        assertThat(home).extracting(c -> c.get("name")).contains("Home Client").doesNotContain("Away Client");
        List<Map<String, Object>> away = (List<Map<String, Object>>) json(call("GET", "/api/v9/workspaces/1001/clients", null, null));
        assertThat(away).extracting(c -> c.get("name")).containsExactly("Away Client");
        assertThat(call("GET", "/api/v9/workspaces/4242/clients", null, null).status()).isEqualTo(403);
        long awayId = ((Number) away.get(0).get("id")).longValue();
        assertThat(call("GET", "/api/v9/workspaces/1000/clients/" + awayId, null, null).status()).isEqualTo(404);
        assertThat((List<?>) json(call("GET", "/api/v9/me/workspaces", null, null))).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDetailedReportPagesByNextRowNumberAndHasEveryUsersEntries() throws Exception {
        long pid = ((Number) sim.createProject("Report Project", null).get("id")).longValue();
        for (int i = 0; i < 7; i++) {
            sim.createTimeEntryAs(i % 2 == 0 ? TogglSimulator.USER_ID : 42L, pid, "entry " + i,
                    Instant.parse("2026-01-09T08:00:00Z").plusSeconds(600L * i), 300);
        }
        Map<String, Object> body = new LinkedHashMap<>(Map.of("start_date", "2026-01-01", "end_date", "2026-01-10", "page_size", 3));
        int rows = 0;
        int pages = 0;
        while (true) {
            SimResponse page = call("POST", "/reports/api/v3/workspace/1000/search/time_entries", null, body);
            assertThat(page.status()).isEqualTo(200);
            List<Map<String, Object>> list = (List<Map<String, Object>>) json(page);
            rows += list.size();
            pages++;
            String next = page.headers().get("X-Next-Row-Number");
            if (next == null) {
                break;
            }
            assertThat(page.headers()).containsKey("X-Next-ID");
            body.put("first_row_number", Long.parseLong(next));
        }
        assertThat(rows).isEqualTo(7);
        assertThat(pages).isEqualTo(3);
        // /me/time_entries has the token owner's only
        assertThat((List<?>) json(call("GET", "/api/v9/me/time_entries", "since=0", null))).hasSize(4);
    }
}
