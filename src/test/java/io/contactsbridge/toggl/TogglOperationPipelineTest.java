package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit's HTTP pipeline as Toggl uses it, against the simulator: a create whose answer was lost
 * after Toggl applied it is looked up ({@link TogglLookups}) instead of sent again, path parameters
 * are checked before anything is sent, and a 429 asking for a longer wait than
 * {@code toggl.retry.max-retry-after-ms} is handed to the caller instead of holding its thread.
 */
class TogglOperationPipelineTest {
    static TogglSwagger.ValidatingSimulator sim;
    static Bridge bridge;
    static ProducerTemplate template;
    static RequestLog log;

    @BeforeAll
    static void start() {
        sim = new TogglSwagger.ValidatingSimulator();
        sim.limits(Map.of("rateLimitEnabled", false));
        bridge = TestBridge.sandbox().connectors(TogglTestSupport.togglWithoutHubApi()).simulators(List.of(sim))
                .with(SyncSettings.POLL_ENABLED, "false").with("toggl.subscribe-on-start", "false")
                .with("toggl.retry.initial-delay-ms", "50").with("toggl.retry.max-delay-ms", "300")
                .with("toggl.retry.max-retry-after-ms", "300").start();
        template = bridge.context().createProducerTemplate();
        log = bridge.simulators().log("toggl");
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        assertThat(sim.problems).as("requests that do not match the Toggl v9 Swagger").isEmpty();
    }

    @BeforeEach
    void clearLog() {
        log.clear();
    }

    /** Runs an operation route; the answer's exchange (its exception unwrapped by the caller). */
    static Exchange call(String operation, Object body, Map<String, Object> headers) {
        return template.request("direct:toggl." + operation, ex -> {
            ex.getMessage().setHeaders(new java.util.LinkedHashMap<>(headers));
            ex.getMessage().setBody(body);
        });
    }

    static List<String> requests() {
        return log.entries().stream().map(e -> e.method() + " " + e.path().replaceAll("/\\d{4,}", "/{id}") + " " + e.status())
                .toList();
    }

    static long id(Object row) {
        return ((Number) ((Map<?, ?>) row).get("id")).longValue();
    }

    static long rowsNamed(String table, String name) {
        return sim.rows(table).stream().filter(r -> name.equals(r.get("name")) && r.get("server_deleted_at") == null).count();
    }

    @Test
    void aClientCreatedButAnsweredWithA5xxIsFoundByNameNotCreatedTwice() {
        sim.failNextAfterApplying(1, 500);
        Exchange answer = call("create-client", Map.of("name", "Lost Answer Ltd"), Map.of());
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(Map.class)).containsEntry("name", "Lost Answer Ltd");
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(rowsNamed("client", "Lost Answer Ltd")).isOne();
        assertThat(requests()).containsExactly("POST /api/v9/workspaces/{id}/clients 500",
                "GET /api/v9/workspaces/{id}/clients 200");
    }

    @Test
    void aCreateThatAnEarlierRunMayHaveSentLooksItsRecordUpFirst() {
        // an earlier run (before a crash) sent the create and died before it could link the answer
        sim.createClient("Crashed Before Link Ltd", null);
        String earlier = java.time.Instant.now().minusSeconds(30).toString();
        Exchange answer = call("create-client", Map.of("name", "Crashed Before Link Ltd"),
                Map.of(ApiClient.CREATE_SENT_BEFORE_HEADER, earlier));
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(rowsNamed("client", "Crashed Before Link Ltd")).isOne();
        assertThat(requests()).containsExactly("GET /api/v9/workspaces/{id}/clients 200");

        // nothing there: the lookup comes up empty and the create is sent
        log.clear();
        Exchange fresh = call("create-client", Map.of("name", "Never Sent Ltd"), Map.of(ApiClient.CREATE_SENT_BEFORE_HEADER, earlier));
        assertThat(fresh.getException()).isNull();
        assertThat(fresh.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isNull();
        assertThat(rowsNamed("client", "Never Sent Ltd")).isOne();
        assertThat(requests()).containsExactly("GET /api/v9/workspaces/{id}/clients 200", "POST /api/v9/workspaces/{id}/clients 200");
    }

    @Test
    void aProjectAndATaskCreatedButAnsweredWithA5xxAreFoundNotCreatedTwice() {
        long client = id(sim.createClient("Lookup Client", null));
        sim.createProject("Lookup Project 2", client); // found by the name filter too, not the same name
        sim.failNextAfterApplying(1, 503);
        Exchange project = call("create-project", Map.of("name", "Lookup Project", "client_id", client, "active", true), Map.of());
        assertThat(project.getException()).isNull();
        assertThat(project.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(((Number) project.getMessage().getBody(Map.class).get("client_id")).longValue()).isEqualTo(client);
        assertThat(rowsNamed("project", "Lookup Project")).isOne();
        assertThat(log.entries()).filteredOn(e -> e.method().equals("GET"))
                .singleElement().satisfies(e -> assertThat(e.query()).contains("name=Lookup%20Project"));

        long projectId = id(project.getMessage().getBody(Map.class));
        sim.failNextAfterApplying(1, 500);
        Exchange task = call("create-task", Map.of("name", "Lookup Task", "active", true), Map.of("project_id", projectId));
        assertThat(task.getException()).isNull();
        assertThat(task.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(rowsNamed("task", "Lookup Task")).isOne();
    }

    @Test
    void aCreateRefusedWithA5xxBeforeItRanIsLookedUpThenSentAgainOnce() {
        sim.failNext(1, 500);
        Exchange answer = call("create-client", Map.of("name", "Second Try Ltd"), Map.of());
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isNull();
        assertThat(rowsNamed("client", "Second Try Ltd")).isOne();
        assertThat(requests()).containsExactly("POST /api/v9/workspaces/{id}/clients 500",
                "GET /api/v9/workspaces/{id}/clients 200", "POST /api/v9/workspaces/{id}/clients 200");
    }

    @Test
    void missingOrOddPathParametersAreRefusedAsInvalidBeforeAnythingIsSent() {
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.create-task", Map.of("name", "x"), Map.of()))
                .cause().isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).isEqualTo("Toggl Track create-task: missing path parameter project_id"
                            + " (give it as header 'project_id')");
                });
        for (Object odd : List.of("../x", "abc", "1.5", "1/2", "12x", " ")) {
            Map<String, Object> headers = Map.of("project_id", odd, "task_id", 7);
            assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.update-task", Map.of("name", "x"), headers))
                    .as("project_id '%s'", odd)
                    .cause().isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.getMessage())
                            .contains(odd.toString().isBlank() ? "missing path parameter project_id"
                                    : "parameter project_id must be a whole number"));
        }
        // camelCase names the same parameter
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.get-task", null, Map.of("projectId", "x", "taskId", 1)))
                .cause().isInstanceOf(Invalid.class).hasMessageContaining("project_id must be a whole number");
        assertThat(log.entries()).as("nothing reached Toggl").isEmpty();
    }

    @Test
    void a429AskingForALongerWaitThanAllowedIsHandedToTheCaller() throws Exception {
        sim.resetUsage();
        sim.limits(Map.of("rateLimitEnabled", true, "requestsPerSecond", 1.0, "burst", 1));
        try {
            assertThat(call("list-clients", null, Map.of()).getException()).isNull();
            long started = System.nanoTime();
            // Retry-After: 1 (s) is over toggl.retry.max-retry-after-ms (300): not waited out in this thread
            assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.list-clients", null, Map.of()))
                    .cause().isInstanceOfSatisfying(RateLimited.class, e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.retryAfterMillis()).isEqualTo(1000);
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(900);
            // while Toggl's wait lasts, other calls are held back without being sent
            assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:toggl.get-workspace", null, Map.of()))
                    .cause().isInstanceOf(RateLimited.class);
            // ... the poller's too: it stops, keeping its watermark, instead of failing the cycle
            SourcePoller poller = bridge.context().getRegistry().lookupByNameAndType("toggl.poller.0", SourcePoller.class);
            SourcePoller.Result held = poller.poll("clients=1;projects=1;tasks=1;time_entries=1");
            assertThat(held.changes()).isEmpty();
            assertThat(held.nextWatermark()).isEqualTo("clients=1;projects=1;tasks=1;time_entries=1");
            assertThat(requests()).containsExactly("GET /api/v9/workspaces/{id}/clients 200",
                    "GET /api/v9/workspaces/{id}/clients 429");
            Thread.sleep(1100);
            assertThat(call("get-workspace", null, Map.of()).getException()).isNull();
        } finally {
            sim.limits(Map.of("rateLimitEnabled", false, "burst", 10));
        }
    }
}
