package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.sandbox.RequestLog;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status -> typed exception, which ones are retried, Retry-After, and creates that are never re-sent blind. */
class ErrorsAndRetriesTest {
    static HighLevelTestSupport hl;

    @BeforeAll
    static void start() {
        hl = HighLevelTestSupport.start(Map.of(HighLevelConfig.RETRY_MAX_REDELIVERIES, "3",
                HighLevelConfig.RESPONSE_TIMEOUT, "700"));
    }

    @AfterAll
    static void stop() {
        if (hl != null) {
            hl.close();
        }
    }

    @BeforeEach
    void fresh() {
        hl.reset();
    }

    @AfterEach
    void conform() {
        hl.assertSpecConform();
    }

    private String contact(String email) {
        return (String) hl.sim.userCreateContact(Map.of("firstName", "E", "email", email)).get("id");
    }

    private int requests() {
        return hl.log().entries().size();
    }

    /** The requests the simulator saw, for a failure message (CI once counted one more than expected). */
    private String seen() {
        return "requests seen: " + hl.log().entries().stream()
                .map(e -> e.time() + " " + e.method() + " " + e.path() + " " + e.status() + " in " + e.durationMs() + " ms").toList();
    }

    @Test
    void invalidIsPermanentNotRetriedAndCarriesTheApiMessage() {
        String id = contact("i@example.com");
        hl.log().clear();
        // the simulator refuses a task without its required fields with 422 and NestJS-style messages
        Exchange answer = hl.send("create-task", Map.of("contactId", id), Map.of("title", "x", "dueDate", "not a date",
                "completed", false));
        assertThat(answer.getException()).isInstanceOf(Invalid.class);
        Invalid e = (Invalid) answer.getException();
        assertThat(e.permanent()).isTrue();
        assertThat(e.status()).isIn(400, 422);
        assertThat(e.getMessage()).contains("create-task").contains("dueDate");
        assertThat(requests()).isEqualTo(1);
        hl.validating.clear(); // that body broke the spec on purpose (a date that is not a date)

        hl.sim.faults().failNext(1, 400);
        assertThatThrownBy(() -> hl.call("get-contact", Map.of("contactId", id), null)).isInstanceOf(Invalid.class);
    }

    @Test
    void notFoundIsPermanent() {
        assertThatThrownBy(() -> hl.call("get-task", Map.of("contactId", "nope", "taskId", "nope"), null))
                .isInstanceOf(NotFound.class).matches(e -> ((NotFound) e).permanent() && ((NotFound) e).status() == 404);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void forbiddenNamesTheScope() {
        hl.sim.faults().failNext(1, 403);
        assertThatThrownBy(() -> hl.call("delete-contact", Map.of("contactId", "x"), null))
                .isInstanceOfSatisfying(ScopeMissing.class, e -> {
                    assertThat(e.scope()).isEqualTo("contacts.write");
                    assertThat(e.getMessage()).contains("contacts.write");
                    assertThat(e.permanent()).isTrue();
                });
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void staticTokenRefusedIsUnauthorizedWithoutRetry() {
        hl.sim.faults().failNext(1, 401);
        assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null)).isInstanceOf(Unauthorized.class)
                .hasMessageNotContaining("sandbox-highlevel-token");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        String id = contact("s@example.com");
        hl.log().clear();
        hl.sim.faults().failNext(2, 502);
        assertThat(hl.call("get-contact", Map.of("contactId", id), null)).containsKey("contact");
        assertThat(hl.log().entries()).extracting(RequestLog.Entry::status).containsExactly(502, 502, 200);
    }

    @Test
    void serverErrorsExhaustTheRetriesThenFailTransient() {
        hl.sim.faults().failNext(10, 500);
        assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null))
                .isInstanceOfSatisfying(ServerError.class, e -> assertThat(e.permanent()).isFalse());
        assertThat(requests()).isEqualTo(4); // 1 + 3 redeliveries
    }

    @Test
    void rateLimitedWaitsForRetryAfter() {
        String id = contact("r@example.com");
        hl.log().clear();
        hl.sim.faults().failNext(1, 429);
        assertThat(hl.call("get-contact", Map.of("contactId", id), null)).containsKey("contact");
        List<RequestLog.Entry> log = hl.log().entries();
        assertThat(log).extracting(RequestLog.Entry::status).containsExactly(429, 200);
        // the simulator's Retry-After is at least 1 s; the retry came no earlier
        Duration gap = Duration.between(Instant.parse(log.get(0).time()), Instant.parse(log.get(1).time()));
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void rateLimitedExhaustedCarriesRetryAfter() {
        hl.sim.faults().failNext(10, 429);
        assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null))
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.retryAfterMillis()).isGreaterThanOrEqualTo(1000);
                });
        assertThat(requests()).as(this::seen).isEqualTo(4);
    }

    @Test
    void noAnswerIsAnIoFailureAndRetried() {
        hl.sim.faults().timeoutRate(1.0).timeoutMs(1500);
        assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null))
                .isInstanceOfSatisfying(NoAnswer.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.status()).isZero();
                });
        hl.sim.faults().timeoutRate(0);
        // the simulator answers the abandoned requests later: let them land before the next test
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> hl.log().entries().stream().filter(e -> e.status() == 504).count() == 4);
    }

    // ---- creates ---------------------------------------------------------------------------

    @Test
    void createNoteAppliedButAnswered500IsFoundNotDuplicated() {
        String id = contact("n@example.com");
        hl.log().clear();
        hl.validating.applyThenFailNext("POST", 1);
        Exchange answer = hl.send("create-note", Map.of("contactId", id), Map.of("body", "Met at the fair"));
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(hl.sim.notes(id)).hasSize(1);
        assertThat(((Map<?, ?>) answer.getMessage().getBody(Map.class).get("note")).get("id"))
                .isEqualTo(hl.sim.notes(id).get(0).get("id"));
        assertThat(hl.count("POST", "/contacts/" + id + "/notes")).isEqualTo(1);
    }

    @Test
    void createTaskAppliedButAnswered500IsFoundNotDuplicated() {
        String id = contact("t@example.com");
        hl.validating.applyThenFailNext("POST", 1);
        Map<String, Object> answer = hl.call("create-task", Map.of("contactId", id),
                Map.of("title", "Send offer", "dueDate", "2030-03-04T09:00:00Z", "completed", false));
        assertThat(answer).containsKey("task");
        assertThat(hl.sim.tasks(id)).hasSize(1);
        assertThat(hl.count("POST", "/contacts/" + id + "/tasks")).isEqualTo(1);
    }

    @Test
    void createTaskFoundFromAnEarlierAttemptIsBroughtToTheStateAskedFor() {
        String id = contact("done@example.com");
        // an attempt in an earlier run, while the source task was still open
        hl.call("create-task", Map.of("contactId", id),
                Map.of("title", "Ship it", "dueDate", "2030-03-04T09:00:00Z", "completed", false));
        hl.sim.faults().failNext(1, 500);
        Map<String, Object> answer = hl.call("create-task", Map.of("contactId", id),
                Map.of("title", "Ship it", "dueDate", "2030-03-04T09:00:00Z", "completed", true, "body", "done in Toggl"));
        assertThat(hl.sim.tasks(id)).hasSize(1);
        Map<?, ?> task = hl.sim.tasks(id).get(0);
        assertThat(task.get("completed")).isEqualTo(true);
        assertThat(task.get("body")).isEqualTo("done in Toggl");
        assertThat(((Map<?, ?>) answer.get("task")).get("completed")).isEqualTo(true);
        assertThat(hl.count("PUT", "/contacts/" + id + "/tasks/" + task.get("id"))).isEqualTo(1);
    }

    @Test
    void createTaskFoundAsAskedForIsNotUpdated() {
        String id = contact("same@example.com");
        hl.validating.applyThenFailNext("POST", 1);
        hl.call("create-task", Map.of("contactId", id),
                Map.of("title", "Unchanged", "dueDate", "2030-03-04T09:00:00Z", "completed", true));
        assertThat(hl.sim.tasks(id)).hasSize(1);
        assertThat(hl.count("PUT", "/contacts/" + id + "/tasks/" + hl.sim.tasks(id).get(0).get("id"))).isZero();
    }

    @Test
    void createContactAppliedButAnswered500IsFoundByEmail() {
        hl.validating.applyThenFailNext("POST", 1);
        Map<String, Object> answer = hl.call("create-contact", Map.of(), Map.of("firstName", "Grace", "email", "grace@example.com"));
        assertThat(answer).containsKey("contact");
        assertThat(hl.sim.contactCount()).isEqualTo(1);
        assertThat(hl.count("POST", "/contacts/")).isEqualTo(1);
        assertThat(hl.count("GET", "/contacts/search/duplicate")).isEqualTo(1);
    }

    @Test
    void createThatFailedWithoutApplyingIsSentAgainAfterTheLookup() {
        String id = contact("again@example.com");
        hl.sim.faults().failNext(1, 500);
        hl.call("create-task", Map.of("contactId", id),
                Map.of("title", "Retry me", "dueDate", "2030-03-04T09:00:00Z", "completed", false));
        assertThat(hl.sim.tasks(id)).hasSize(1);
        assertThat(hl.count("POST", "/contacts/" + id + "/tasks")).isEqualTo(2);
        assertThat(hl.count("GET", "/contacts/" + id + "/tasks")).isEqualTo(1);
    }

    @Test
    void createAfterA429IsSentAgainWithoutLookup() {
        String id = contact("limit@example.com");
        hl.log().clear();
        hl.sim.faults().failNext(1, 429);
        hl.call("create-note", Map.of("contactId", id), Map.of("body", "after 429"));
        assertThat(hl.sim.notes(id)).hasSize(1);
        assertThat(hl.log().entries()).extracting(e -> e.method() + " " + e.status())
                .containsExactly("POST 429", "POST 201");
    }

    @Test
    void contactWithoutEmailOrPhoneIsFoundByItsNamesAndTags() {
        hl.validating.applyThenFailNext("POST", 1);
        Map<String, Object> answer = hl.call("create-contact", Map.of(),
                Map.of("firstName", "Anonymous", "tags", List.of("toggl-client")));
        assertThat(answer).containsKey("contact");
        assertThat(hl.sim.contactCount()).isEqualTo(1);
        assertThat(hl.count("POST", "/contacts/search")).isEqualTo(1);
        assertThat(hl.count("POST", "/contacts/")).isEqualTo(2); // the create and the search
    }

    @Test
    void upsertWithoutEmailOrPhoneThatMayHaveBeenAppliedIsLookedUpNotResent() {
        hl.validating.applyThenFailNext("POST", 1);
        Map<String, Object> answer = hl.call("upsert-contact", Map.of(), Map.of("companyName", "Nomail Ltd", "name", "Nomail Ltd"));
        assertThat(answer).containsKey("contact");
        assertThat(hl.sim.contactCount()).isEqualTo(1);
        assertThat(hl.count("POST", "/contacts/upsert")).isEqualTo(1);
    }

    @Test
    void contactWithoutAnyLookupKeyIsNotResentBlind() {
        hl.validating.applyThenFailNext("POST", 1);
        assertThatThrownBy(() -> hl.call("create-contact", Map.of(), Map.of("source", "nameless")))
                .isInstanceOf(CreateOutcomeUnknown.class).hasMessageContaining("not sent again");
        assertThat(hl.count("POST", "/contacts/")).as(this::seen).isEqualTo(1);
    }
}
