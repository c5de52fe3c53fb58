package io.contactsbridge.toggl;

import static io.contactsbridge.toggl.TogglTestSupport.inbox;
import static io.contactsbridge.toggl.TogglTestSupport.postWebhook;
import static io.contactsbridge.toggl.TogglTestSupport.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector against the simulator in a real in-process bridge; every API v9 request is checked against the Swagger. */
class TogglConnectorTest {
    static TogglSwagger.ValidatingSimulator sim;
    static Bridge bridge;
    static ProducerTemplate template;

    @BeforeAll
    static void start() {
        sim = new TogglSwagger.ValidatingSimulator();
        sim.limits(Map.of("rateLimitEnabled", false));
        // no catch-up poll at start: the test counts the calls of its own polls
        bridge = TestBridge.sandbox().connectors(TogglTestSupport.togglWithoutHubApi()).simulators(List.of(sim))
                .with("bridge.poll.enabled", "false").start();
        template = bridge.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        assertThat(sim.problems).as("requests that do not match the Toggl v9 Swagger").isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String op, Object body, Map<String, Object> headers) {
        return (Map<String, Object>) template.requestBodyAndHeaders("direct:toggl." + op, body, headers);
    }

    static long id(Map<String, Object> m) {
        return ((Number) m.get("id")).longValue();
    }

    @Test
    void actionsGoThroughTheOperationRoutesAndMatchTheSwagger() {
        Map<String, Object> client = call("create-client", Map.of("name", "Route Client", "notes", "from a test"), Map.of());
        assertThat(client).containsEntry("name", "Route Client").containsEntry("notes", "from a test");
        Map<String, Object> updated = call("update-client", Map.of("name", "Route Client Ltd"), Map.of("client_id", id(client)));
        assertThat(updated).containsEntry("name", "Route Client Ltd");
        assertThat(call("get-client", null, Map.of("clientId", id(client)))).containsEntry("name", "Route Client Ltd");

        Map<String, Object> project = call("create-project", Map.of("name", "Route Project", "client_id", id(client), "active", true),
                Map.of());
        Map<String, Object> task = call("create-task", Map.of("name", "Route Task", "active", true),
                Map.of("project_id", id(project)));
        Map<String, Object> done = call("update-task", Map.of("active", false),
                Map.of("project_id", id(project), "task_id", id(task)));
        assertThat(done).containsEntry("active", false);
        assertThat(call("get-task", null, Map.of("project_id", id(project), "task_id", id(task)))).containsEntry("name", "Route Task");
        assertThat(call("get-project", null, Map.of("project_id", id(project)))).containsEntry("name", "Route Project");

        Map<String, Object> member = call("add-project-member", Map.of("project_id", id(project), "user_id", 777, "manager", false),
                Map.of());
        assertThat(((Number) member.get("project_id")).longValue()).isEqualTo(id(project));
        Map<String, Object> invitation = call("create-invitation",
                Map.of("emails", List.of("new.person@example.com"), "workspaces", List.of(Map.of("workspace_id", 1000, "admin", false))),
                Map.of());
        assertThat((List<?>) invitation.get("data")).hasSize(1);
        assertThat(sim.invitations()).anySatisfy(i -> assertThat(i).containsEntry("email", "new.person@example.com"));

        Object archived = template.requestBodyAndHeaders("direct:toggl.archive-client", null, Map.of("client_id", id(client)));
        assertThat((List<?>) archived).hasSize(1);
        assertThat(sim.row("client", id(client)).orElseThrow()).containsEntry("archived", true);
        assertThat(sim.validated).contains("POST /workspaces/1000/clients", "PUT /workspaces/1000/clients/" + id(client),
                "POST /organizations/2000/invitations", "POST /workspaces/1000/project_users");
    }

    @Test
    void permanentErrorsAreTyped() {
        assertThatThrownBy(() -> call("get-client", null, Map.of("client_id", 424242)))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(NotFound.class)
                .hasMessageContaining("No client with ID 424242 was found");
        assertThatThrownBy(() -> call("create-client", Map.of("name", ""), Map.of()))
                .cause().isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.status()).isEqualTo(400);
                });
        // a missing path parameter is the taxonomy's Invalid (issue 11: one error taxonomy), not a bare IllegalArgumentException
        assertThatThrownBy(() -> call("update-client", Map.of("name", "x"), Map.of()))
                .cause().isInstanceOf(Invalid.class).hasMessageContaining("client_id");
    }

    @Test
    void subscriptionIsCreatedAndValidatedByPingAtStart() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sim.subscriptions())
                .anySatisfy(s -> {
                    assertThat(String.valueOf(s.get("url_callback"))).endsWith("/webhooks/toggl");
                    assertThat(s.get("validated_at")).isNotNull();
                    assertThat(s.get("secret")).isEqualTo(TogglSimulator.WEBHOOK_SECRET);
                }));
    }

    @Test
    void aClientCreatedInTogglReachesTheInboxWithinASecond() throws Exception {
        subscriptionIsCreatedAndValidatedByPingAtStart();
        Map<String, Object> client = sim.createClient("Webhook Client " + System.nanoTime(), null);
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(inbox(bridge))
                .anySatisfy(r -> assertThat(r).endsWith("|toggl:client:" + id(client) + "|webhook")));
        // the stored body translates to the canonical change the flows route on
        TogglChangeTranslator translator = bridge.context().getRegistry()
                .lookupByNameAndType("toggl.translator", TogglChangeTranslator.class);
        assertThat(translator).isNotNull();
    }

    @Test
    void badSignatureIs401AndNothingIsStored() throws Exception {
        int before = inbox(bridge).size();
        String body = event(9_000_001L, "client", "created", "{\"id\":1,\"name\":\"x\",\"at\":\"2026-01-01T00:00:00+00:00\"}");
        HttpResponse<String> wrong = postWebhook(bridge, body, sign("not-the-secret", body));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error\"");
        HttpResponse<String> missing = postWebhook(bridge, body, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        // a signature over re-serialised JSON (one space more) does not match the raw bytes
        HttpResponse<String> reserialised = postWebhook(bridge, body, sign(TogglSimulator.WEBHOOK_SECRET, body.replace(",", ", ")));
        assertThat(reserialised.statusCode()).isEqualTo(401);
        assertThat(inbox(bridge)).hasSize(before);
    }

    @Test
    void pingEchoesTheValidationCode() throws Exception {
        String withCode = "{\"event_id\":0,\"payload\":\"ping\",\"subscription_id\":5,\"validation_code\":\"abc-123\","
                + "\"validation_code_url\":\"http://x/validate\"}";
        HttpResponse<String> r = postWebhook(bridge, withCode, sign(TogglSimulator.WEBHOOK_SECRET, withCode));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"validation_code\":\"abc-123\"}");
        String plain = "{\"event_id\":0,\"payload\":\"ping\",\"subscription_id\":5}";
        HttpResponse<String> p = postWebhook(bridge, plain, sign(TogglSimulator.WEBHOOK_SECRET, plain));
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body()).doesNotContain("validation_code");
    }

    @Test
    void aRepeatedEventIsAcknowledgedAndStoredOnce() throws Exception {
        String body = event(9_000_002L, "project", "updated",
                "{\"id\":4242,\"name\":\"P\",\"at\":\"2026-01-01T00:00:00+00:00\",\"client_id\":null}");
        String sig = sign(TogglSimulator.WEBHOOK_SECRET, body);
        HttpResponse<String> first = postWebhook(bridge, body, sig);
        HttpResponse<String> second = postWebhook(bridge, body, sig);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("stored");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("duplicate");
        assertThat(inbox(bridge)).filteredOn(r -> r.startsWith("9000002|")).containsExactly("9000002|toggl:project:4242|webhook");
    }

    @Test
    void badInputGetsClearJson4xx() throws Exception {
        String notJson = "{not json";
        HttpResponse<String> r = postWebhook(bridge, notJson, sign(TogglSimulator.WEBHOOK_SECRET, notJson));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":");
        String noId = event(9_000_003L, "client", "created", "{\"name\":\"x\"}");
        assertThat(postWebhook(bridge, noId, sign(TogglSimulator.WEBHOOK_SECRET, noId)).statusCode()).isEqualTo(400);
        String noMeta = "{\"event_id\":9000004,\"payload\":{\"id\":1}}";
        assertThat(postWebhook(bridge, noMeta, sign(TogglSimulator.WEBHOOK_SECRET, noMeta)).statusCode()).isEqualTo(400);
        String other = event(9_000_005L, "workspace_user", "created", "{\"id\":1}");
        HttpResponse<String> ignored = postWebhook(bridge, other, sign(TogglSimulator.WEBHOOK_SECRET, other));
        assertThat(ignored.statusCode()).isEqualTo(200);
        // a valid event of a model no flow syncs is acknowledged and stored, like HighLevel's unknown types
        assertThat(inbox(bridge)).noneMatch(row -> row.startsWith("9000003|"))
                .contains("9000005|toggl:workspace_user:1|webhook");
    }

    @Test
    void aPollCycleCostsAtMostFourCallsAndSeesDeletes() throws Exception {
        SourcePoller poller = bridge.context().getRegistry().lookupByNameAndType("toggl.poller.0", SourcePoller.class);
        RequestLog log = bridge.simulators().log("toggl");
        log.clear();
        SourcePoller.Result first = poller.poll(null);
        assertThat(apiCalls(log)).hasSizeLessThanOrEqualTo(4);
        assertThat(first.changes()).extracting(CanonicalChange::entity).contains(CanonicalChange.Entity.of("client"),
                CanonicalChange.Entity.of("project"), CanonicalChange.Entity.of("task"), CanonicalChange.Entity.of("time_entry"));
        assertThat(first.nextWatermark()).contains("clients=").contains("projects=");

        Map<String, Object> doomed = sim.createClient("Doomed " + System.nanoTime(), null);
        sim.deleteClient(id(doomed));
        log.clear();
        SourcePoller.Result second = poller.poll(first.nextWatermark());
        List<RequestLog.Entry> calls = apiCalls(log);
        assertThat(calls).hasSizeLessThanOrEqualTo(4);
        assertThat(calls).allSatisfy(e -> assertThat(e.query()).contains("since="));
        assertThat(second.changes()).anySatisfy(c -> {
            assertThat(c.sourceId()).isEqualTo(String.valueOf(id(doomed)));
            assertThat(c.action()).isEqualTo(CanonicalChange.Action.DELETED);
        });
        // the same version of a row seen again (overlap) has the same event id
        SourcePoller.Result third = poller.poll(second.nextWatermark());
        assertThat(third.changes()).extracting(CanonicalChange::eventId)
                .containsAnyElementsOf(second.changes().stream().map(CanonicalChange::eventId).toList());
    }

    /** The poll's list reads: single-record look-ups ({@code .../projects/123}) are the flows' own, running beside it. */
    static List<RequestLog.Entry> apiCalls(RequestLog log) {
        return log.entries().stream().filter(e -> e.path().startsWith("/api/v9/") && !e.path().matches(".*/\\d+")).toList();
    }

    /** A Toggl data event as delivered now (the receiver refuses events older than the inbox remembers ids). */
    static String event(long eventId, String model, String action, String payload) {
        return "{\"event_id\":" + eventId + ",\"created_at\":\"" + java.time.Instant.now() + "\",\"creator_id\":1,"
                + "\"metadata\":{\"action\":\"" + action + "\",\"event_user_id\":\"1\",\"model\":\"" + model
                + "\",\"path\":\"/api/v9/workspaces/1000/x\",\"request_type\":\"POST\",\"workspace_id\":\"1000\"},"
                + "\"payload\":" + payload + ",\"subscription_id\":1,\"timestamp\":\"" + java.time.Instant.now() + "\","
                + "\"url_callback\":\"http://x/webhooks/toggl\"}";
    }
}
