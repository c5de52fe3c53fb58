package io.contactsbridge.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.RetryAfter;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.auth.TokenProvider;
import io.contactsbridge.connector.http.ApiOperation.Param;
import io.contactsbridge.connector.http.FakeApi.Reply;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit's HTTP pipeline ({@link OperationRoutes}) against a tiny fake API, with a connector made
 * up for the test: what every connector gets from it without writing it again. The HTTP timeout is
 * longer than HttpClient's own retry interval, so a retry that did not go through Camel's
 * redelivery (and the quota gate, and the look-up before a create) would show.
 */
class OperationRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = ApiOperation.API;

    static final ApiOperation LIST = new ApiOperation("fake", "list-things", "fake.list-things", "GET", API, "/things",
            List.of(Param.requiredQuery("account", "string", "account", "Account"), Param.query("q", "string", "Search"),
                    Param.query("limit", "number", "Page size"), Param.query("startAfterId", "string", "Last id of the page before")),
            null, null, null, false, false, Paging.startAfter("things", 2), "List things.");
    static final ApiOperation LIST_BY_OFFSET = new ApiOperation("fake", "list-items", "fake.list-items", "GET", API, "/items",
            List.of(Param.requiredQuery("account", "string", "account", "Account"), Param.query("q", "string", "Search")),
            null, null, null, false, false, Paging.offset("items", "offset", "size", 2, false), "List items.");
    static final ApiOperation GET = new ApiOperation("fake", "get-thing", "fake.get-thing", "GET", API, "/things/{id}",
            List.of(Param.path("id", "Thing id")), null, null, null, false, false, null, "Get a thing.");
    static final ApiOperation CREATE = new ApiOperation("fake", "create-thing", "fake.create-thing", "POST", API, "/things",
            List.of(), "Thing", null, "things.write", true, true, null, "Create a thing.");

    private FakeApi api;
    private CamelContext context;
    private final Tokens tokens = new Tokens(true);
    private final Gate gate = new Gate();
    private final AtomicInteger lookups = new AtomicInteger();
    /** Things the fake API holds, by name. */
    private final Map<String, Map<String, Object>> things = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void startApi() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        api.close();
    }

    // ---- retries ------------------------------------------------------------------------------

    @Test
    void theRetryAfterOfA429IsTheRedeliveryDelay() throws Exception {
        start(settings(5000, false), tokens);
        AtomicInteger n = new AtomicInteger();
        api.answer(r -> n.getAndIncrement() == 0
                ? Reply.json(429, "{\"message\":\"slow down\"}").with("Retry-After", "1")
                : Reply.json(200, "{\"id\":\"t1\"}"));
        Exchange answer = send(GET, Map.of("id", "t1"), null);

        assertThat(answer.getException()).isNull();
        assertThat(api.seen()).hasSize(2);
        // the configured backoff is 20 ms: only the API's Retry-After explains the gap
        long gap = api.seen().get(1).atMillis() - api.seen().get(0).atMillis();
        assertThat(gap).isBetween(950L, 3000L);
        assertThat(gate.statuses).as("both answers went through the quota gate").containsExactly(429, 200);
    }

    @Test
    void aCreateAnswered503IsLookedUpBeforeItIsSentAgain() throws Exception {
        start(settings(5000, false), tokens);
        AtomicInteger posts = new AtomicInteger();
        api.answer(r -> switch (r.method()) {
            case "POST" -> posts.getAndIncrement() == 0 ? Reply.json(503, "{\"message\":\"down\"}") : created(r);
            default -> listed(r);
        });
        Exchange answer = send(CREATE, Map.of(), Map.of("name", "Widget"));

        assertThat(answer.getException()).isNull();
        assertThat(api.lines()).containsExactly("POST /things", "GET /things", "POST /things");
        assertThat(lookups).hasValue(1);
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isNull();
        assertThat(things).containsOnlyKeys("Widget");
    }

    @Test
    void aCreateThatGotNoAnswerIsFoundByTheLookupAndNotSentAgain() throws Exception {
        start(settings(400, false), tokens);
        api.answer(r -> {
            if (r.method().equals("POST")) {
                Reply reply = created(r); // applied ...
                Thread.sleep(1200); // ... but answered after the bridge gave up waiting
                return reply;
            }
            return listed(r);
        });
        Exchange answer = send(CREATE, Map.of(), Map.of("name", "Gadget"));

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(ApiClient.CREATE_RECOVERED_HEADER)).isEqualTo(true);
        assertThat(answer.getMessage().getBody(Map.class)).containsKey("thing");
        assertThat(api.lines()).containsExactly("POST /things", "GET /things");
        assertThat(things).hasSize(1);
    }

    // ---- credentials --------------------------------------------------------------------------

    @Test
    void aRenewable401RenewsTheCredentialOnceAndSendsAgain() throws Exception {
        start(settings(5000, false), tokens);
        api.answer(r -> "Bearer token-1".equals(r.authorization()) ? Reply.json(200, "{\"id\":\"t1\"}")
                : Reply.json(401, "{\"message\":\"Invalid token\"}"));
        assertThat(send(GET, Map.of("id", "t1"), null).getException()).isNull();
        assertThat(tokens.renewals).hasValue(1);
        assertThat(api.seen()).extracting(FakeApi.Seen::authorization).containsExactly("Bearer token-0", "Bearer token-1");
    }

    @Test
    void aCredentialRefusedAgainAfterTheRenewalIsFinal() throws Exception {
        start(settings(5000, false), tokens);
        api.answer(r -> Reply.json(401, "{\"message\":\"Invalid token\"}"));
        Exchange answer = send(GET, Map.of("id", "t1"), null);
        assertThat(answer.getException()).isInstanceOf(Unauthorized.class)
                .hasMessage("Fake get-thing: Invalid token (refused again after a token refresh)");
        assertThat(tokens.renewals).hasValue(1);
        assertThat(api.seen()).hasSize(2);
    }

    @Test
    void aCredentialThatCannotBeRenewedIsRefusedAtOnce() throws Exception {
        Tokens fixed = new Tokens(false);
        start(settings(5000, false), fixed);
        api.answer(r -> Reply.json(401, "{\"message\":\"Invalid token\"}"));
        Exchange answer = send(GET, Map.of("id", "t1"), null);
        assertThat(answer.getException()).isInstanceOf(Unauthorized.class).hasMessage("Fake get-thing: Invalid token");
        assertThat(fixed.renewals).hasValue(1); // asked once, said no
        assertThat(api.seen()).hasSize(1);
    }

    @Test
    void aTokenEndpointThatAsksToWaitIsWaitedForLikeTheApi() throws Exception {
        Tokens busy = new Tokens(true);
        busy.refuseFirst = new RateLimited(new ApiCall("fake", "Fake", "oauth-token"), "slow down", 1000);
        start(settings(5000, false), busy);
        api.answer(r -> Reply.json(200, "{\"id\":\"t1\"}"));
        long sent = System.currentTimeMillis();
        assertThat(send(GET, Map.of("id", "t1"), null).getException()).isNull();
        assertThat(api.seen()).hasSize(1);
        assertThat(api.seen().get(0).atMillis() - sent).as("the configured backoff is 20 ms").isGreaterThanOrEqualTo(950L);
    }

    // ---- paging -------------------------------------------------------------------------------

    @Test
    void followingStartAfterPagesKeepsEveryQueryParameter() throws Exception {
        start(settings(5000, false), tokens);
        List<String> ids = List.of("a", "b", "c", "d", "e");
        api.answer(r -> {
            Map<String, String> q = query(r.query());
            int from = q.containsKey("startAfterId") ? ids.indexOf(q.get("startAfterId")) + 1 : 0;
            List<Map<String, Object>> page = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + Integer.parseInt(q.get("limit"))))) {
                page.add(Map.of("id", id));
            }
            Map<String, Object> meta = new LinkedHashMap<>(); // as HighLevel's get-contacts: no next page URL on the last
            meta.put("startAfterId", page.isEmpty() ? null : page.get(page.size() - 1).get("id"));
            meta.put("nextPageUrl", from + page.size() < ids.size() ? "/things?more" : null);
            return Reply.json(200, JSON.writeValueAsString(Map.of("things", page, "meta", meta)));
        });
        Map<?, ?> all = send(LIST, Map.of("q", "x", "followPages", true), null).getMessage().getBody(Map.class);

        assertThat((List<?>) all.get("things")).hasSize(5);
        assertThat(all.get("pages")).isEqualTo(3);
        assertThat(api.seen()).hasSize(3).allSatisfy(r -> assertThat(query(r.query()))
                .containsEntry("account", "acc-1").containsEntry("q", "x").containsEntry("limit", "2"));
        assertThat(query(api.seen().get(2).query())).containsEntry("startAfterId", "d");
    }

    @Test
    void followingOffsetPagesKeepsEveryQueryParameterAndStopsAtTheCap() throws Exception {
        start(settings(5000, false), tokens);
        api.answer(r -> {
            Map<String, String> q = query(r.query());
            int offset = Integer.parseInt(q.get("offset"));
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = offset; i < Math.min(5, offset + Integer.parseInt(q.get("size"))); i++) {
                page.add(Map.of("id", "i" + i));
            }
            return Reply.json(200, JSON.writeValueAsString(Map.of("items", page)));
        });
        Map<?, ?> all = send(LIST_BY_OFFSET, Map.of("q", "y", "followPages", "true"), null).getMessage().getBody(Map.class);

        assertThat((List<?>) all.get("items")).hasSize(5);
        assertThat(api.seen()).extracting(r -> query(r.query()).get("offset")).containsExactly("0", "2", "4", "5");
        assertThat(api.seen()).allSatisfy(r -> assertThat(query(r.query()))
                .containsEntry("account", "acc-1").containsEntry("q", "y").containsEntry("size", "2"));

        context.stop();
        start(new HttpSettings(3, 20, 100, 60_000, 1000, 5000, 2, false, "fake.read-only", false), tokens);
        Exchange capped = send(LIST_BY_OFFSET, Map.of("followPages", "true"), null);
        assertThat((List<?>) capped.getMessage().getBody(Map.class).get("items")).hasSize(4);
        assertThat(capped.getMessage().getHeader(ApiClient.PAGES_TRUNCATED_HEADER)).isEqualTo(true);
    }

    // ---- dry run, read-only -------------------------------------------------------------------

    @Test
    void dryRunSendsNoWriteButReads() throws Exception {
        start(settings(5000, true), tokens);
        api.answer(r -> Reply.json(200, "{\"id\":\"t1\"}"));
        Exchange write = send(CREATE, Map.of(), Map.of("name", "Dry"));
        assertThat(write.getException()).isNull();
        assertThat(write.getMessage().getHeader(ApiClient.DRY_RUN_HEADER)).isEqualTo(true);
        assertThat(write.getMessage().getBody(Map.class)).containsEntry("dryRun", true).containsEntry("path", "/things");
        assertThat(api.seen()).isEmpty();

        assertThat(send(GET, Map.of("id", "t1"), null).getMessage().getHeader(ApiClient.DRY_RUN_HEADER)).isNull();
        assertThat(api.lines()).containsExactly("GET /things/t1");
    }

    @Test
    void readOnlyRefusesWritesBeforeSending() throws Exception {
        start(new HttpSettings(3, 20, 100, 60_000, 1000, 5000, 10, true, "fake.read-only", false), tokens);
        Exchange write = send(CREATE, Map.of(), Map.of("name", "No"));
        assertThat(write.getException()).isInstanceOfSatisfying(ScopeMissing.class,
                e -> assertThat(e.getMessage()).contains("things.write").contains("fake.read-only"));
        assertThat(api.seen()).isEmpty();
    }

    // ---- the made-up connector ----------------------------------------------------------------

    private static HttpSettings settings(int responseTimeoutMillis, boolean dryRun) {
        return new HttpSettings(3, 20, 100, 60_000, 1000, responseTimeoutMillis, 10, false, "fake.read-only", dryRun);
    }

    private void start(HttpSettings http, TokenProvider credentials) throws Exception {
        Function<CamelContext, ApiProfile> profile = ctx -> new ApiProfile("fake", "Fake", "fake",
                Map.of(API, api.baseUrl()), List.of(LIST, LIST_BY_OFFSET, GET, CREATE), Map.of("account", "acc-1"),
                Map.of("Accept", "application/json"), credentials, gate, new ErrorMapper() { }, this::findCreated, http);
        context = new DefaultCamelContext();
        context.addRoutes(new OperationRoutes(profile));
        context.start();
    }

    /** The look-up before a create is sent again: a thing of that name, through the list operation. */
    private Object findCreated(ApiRequest request, Instant since, Operations operations) {
        lookups.incrementAndGet();
        Map<String, Object> page = operations.callForMap("list-things", Map.of("q", request.body().get("name")), null);
        List<?> found = (List<?>) page.get("things");
        return found.isEmpty() ? null : Map.of("thing", found.get(0));
    }

    private Reply created(FakeApi.Seen request) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(request.body(), Map.class);
        Map<String, Object> thing = Map.of("id", "t" + (things.size() + 1), "name", body.get("name"));
        things.put((String) body.get("name"), thing);
        return Reply.json(201, JSON.writeValueAsString(Map.of("thing", thing)));
    }

    private Reply listed(FakeApi.Seen request) throws Exception {
        Map<String, Object> match = things.get(query(request.query()).get("q"));
        return Reply.json(200, JSON.writeValueAsString(Map.of("things", match == null ? List.of() : List.of(match))));
    }

    private Exchange send(ApiOperation op, Map<String, Object> headers, Object body) {
        return context.createProducerTemplate().send(op.endpoint(), ex -> {
            ex.getIn().getHeaders().putAll(headers);
            ex.getIn().setBody(body);
        });
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                q.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    /** Bearer tokens {@code token-0}, {@code token-1}, ...; renewable or not. */
    static final class Tokens implements TokenProvider {
        final AtomicInteger renewals = new AtomicInteger();
        private final boolean renewable;
        private volatile int current;
        /** Thrown by the first {@link #credential()} (a token endpoint that refused for now). */
        volatile RuntimeException refuseFirst;

        Tokens(boolean renewable) {
            this.renewable = renewable;
        }

        @Override
        public String credential() {
            RuntimeException refusal = refuseFirst;
            if (refusal != null) {
                refuseFirst = null;
                throw refusal;
            }
            return "Bearer token-" + current;
        }

        @Override
        public boolean renewAfterRejection(String rejected) {
            renewals.incrementAndGet();
            if (renewable) {
                current++;
            }
            return renewable;
        }

        @Override
        public String mode() {
            return "test";
        }
    }

    /** Counts every answer it sees; holds nothing back but reports a 429's Retry-After. */
    static final class Gate implements QuotaGate {
        final List<Integer> statuses = new CopyOnWriteArrayList<>();

        @Override
        public Ticket acquire(ApiOperation operation, ApiCall call) {
            return new Ticket() { };
        }

        @Override
        public long answered(Ticket ticket, int status, Function<String, String> headers) {
            statuses.add(status);
            return status == 429 ? RetryAfter.millis(headers.apply("Retry-After"), 0) : 0;
        }

        @Override
        public void failed(Ticket ticket) {
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("seen", Set.copyOf(statuses));
        }
    }
}
