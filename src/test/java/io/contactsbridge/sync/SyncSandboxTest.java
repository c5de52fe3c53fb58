package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync core against the real Contacts API operation routes and the HighLevel simulator (an
 * in-process sandbox bridge): writes are counted in the simulator's request log.
 */
class SyncSandboxTest {
    static final String ADMIN = "sandbox-test-admin-token";
    Bridge bridge;
    Inbox inbox;
    InboxQueue queue;
    SyncLinks links;
    SyncAudit audit;
    RequestLog log;

    /** A fresh store's JDBC URL, or null for the test bridge's own H2 file. */
    String dbUrl() {
        return null;
    }

    @BeforeEach
    void start() throws Exception {
        TestBridge tb = TestBridge.sandbox().with("bridge.admin-token", ADMIN).with("bridge.inbox.poll-interval-ms", "50")
                .with("bridge.poll.enabled", "false");
        String url = dbUrl();
        if (url != null) {
            tb.with("bridge.db.url", url).with("bridge.db.user", io.contactsbridge.testing.TestDatabases.PG_USER);
        }
        bridge = tb.start();
        CamelContext context = bridge.context();
        Assumptions.assumeTrue(context.getRoutes().stream()
                        .anyMatch(r -> r.getEndpoint().getEndpointUri().equals("direct://contacts.upsert-contact")),
                "the Contacts API operation routes are not on this branch yet");
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:flows/test-client-to-contact.yaml"));
        var ds = bridge.database().dataSource();
        inbox = new Inbox(ds);
        queue = new InboxQueue(ds, "observer");
        links = new SyncLinks(ds, "highlevel");
        audit = new SyncAudit(ds);
        log = bridge.simulators().log("highlevel");
        quiet();
        log.clear();
    }

    /**
     * The sandbox's demo data arrives by webhook after the start (the Toggl simulator's subscription)
     * and its flows write to HighLevel: wait until that has settled, so the request log counts only
     * this test's writes.
     */
    void quiet() {
        long[] last = {-1};
        long[] since = {System.currentTimeMillis()};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<String, Long> d = queue.depthByStatus();
            long total = d.values().stream().mapToLong(Long::longValue).sum();
            if (total != last[0] || d.get(InboxQueue.NEW) > 0 || d.get(InboxQueue.RETRY) > 0) {
                last[0] = total;
                since[0] = System.currentTimeMillis();
                return false;
            }
            return System.currentTimeMillis() - since[0] > 1500;
        });
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    HighLevelSimulator sim() {
        return bridge.simulators().get("highlevel", HighLevelSimulator.class);
    }

    List<String> writes() {
        return log.entries().stream().filter(e -> !e.method().equals("GET") && !e.path().contains("/search"))
                .map(e -> e.method() + " " + e.path() + " " + e.status()).toList();
    }

    void deliver(CanonicalChange c) {
        inbox.store(c.source(), c.eventId(), c.recordKey(), Inbox.KIND_CHANGE, SyncJson.toJson(c));
    }

    void settle() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<String, Long> d = queue.depthByStatus();
            return d.get(InboxQueue.NEW) == 0 && d.get(InboxQueue.RETRY) == 0;
        });
    }

    static CanonicalChange client(String id, String name, String email, Instant at) {
        return new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.UPDATED, id,
                Map.of("name", name, "email", email), at, null);
    }

    @Test
    void oneWriteForFiveDeliveriesZeroForUnchangedAndNoneForTheEcho() throws Exception {
        Instant t = Instant.now().minusSeconds(60);
        CanonicalChange c = client("s1", "Sandbox Co", "sandbox-co@example.com", t);
        for (int i = 0; i < 5; i++) {
            deliver(c);
        }
        settle();
        assertThat(writes()).singleElement().satisfies(w -> assertThat(w).startsWith("POST ").contains("/contacts/upsert"));
        String contactId = links.targetId("test", "client", "s1");
        assertThat(contactId).isNotNull();

        log.clear();
        deliver(client("s1", "Sandbox Co", "sandbox-co@example.com", t.plusSeconds(30))); // re-polled, unchanged
        settle();
        assertThat(log.entries()).isEmpty();

        // the contact as HighLevel now has it, coming back as a change: our own echo
        Map<String, Object> contact = get(contactId);
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, contact, Instant.parse(contact.get("dateUpdated").toString()), "sandbox-echo-1"));
        settle();
        // (with the webhook receiver on, the simulator's own ContactCreate webhook is a second echo)
        assertThat(audit.forRecord("highlevel", "contact", contactId)).extracting(SyncAudit.Entry::outcome)
                .isNotEmpty().containsOnly(SyncAudit.SKIPPED_ECHO);
        assertThat(writes()).isEmpty();
    }

    @Test
    void lastWriteWinsAgainstAHighLevelEdit() throws Exception {
        Instant t0 = Instant.now().minusSeconds(600);
        deliver(client("s2", "Before", "lww@example.com", t0));
        settle();
        String contactId = links.targetId("test", "client", "s2");
        Map<String, Object> edited = new LinkedHashMap<>(get(contactId));
        edited.put("companyName", "Edited in HighLevel");
        Instant t2 = Instant.now().plusSeconds(300);
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, edited, t2, "sandbox-edit-1"));
        settle();
        log.clear();
        deliver(client("s2", "Older source edit", "lww@example.com", t2.minusSeconds(60)));
        settle();
        assertThat(writes()).isEmpty();
        deliver(client("s2", "Newer source edit", "lww@example.com", t2.plusSeconds(60)));
        settle();
        assertThat(writes()).singleElement().satisfies(w -> assertThat(w).startsWith("PUT ").contains(contactId));
        assertThat(get(contactId)).containsEntry("companyName", "Newer source edit");
        assertThat(audit.forRecord("test", "client", "s2")).extracting(SyncAudit.Entry::outcome)
                .containsExactly(SyncAudit.WRITTEN, SyncAudit.LWW_TARGET_WON, SyncAudit.LWW_SOURCE_WON);
    }

    @Test
    void a422LandsInDeadLettersAndAReplaySucceeds() throws Exception {
        sim().faults().failNext(1, 422);
        CanonicalChange c = client("s3", "Refused", "refused@example.com", Instant.now());
        deliver(c);
        settle();
        assertThat(queue.status("test", c.eventId())).isEqualTo(InboxQueue.DEAD);
        HttpClient http = HttpClient.newHttpClient();
        String base = TestBridge.httpUrl(bridge);
        String list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/dead-letters"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(list).contains(c.eventId()).contains("422");
        long id = ((Number) ((List<Map<String, Object>>) SyncJson.readMap(list).get("deadLetters")).get(0).get("id")).longValue();
        var replay = http.send(HttpRequest.newBuilder(URI.create(base + "/api/dead-letters/" + id + "/replay"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(200);
        settle();
        assertThat(queue.status("test", c.eventId())).isEqualTo(InboxQueue.DONE);
        assertThat(get(links.targetId("test", "client", "s3"))).containsEntry("companyName", "Refused");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String contactId) throws Exception {
        var ex = new org.apache.camel.support.DefaultExchange(bridge.context());
        ex.getMessage().setHeader("contactId", contactId);
        bridge.context().createProducerTemplate().send("direct:contacts.get-contact", ex);
        assertThat(ex.getException()).isNull();
        return (Map<String, Object>) ex.getMessage().getBody(Map.class).get("contact");
    }

    @Test
    void theSimulatorsWebhookForOurWriteIsRecognisedAsAnEcho() throws Exception {
        Assumptions.assumeTrue(bridge.context().getRoute("webhooks.highlevel") != null,
                "the HighLevel webhook receiver is not on this branch yet");
        deliver(client("s4", "Webhook Echo Co", "echo@example.com", Instant.now()));
        settle();
        String contactId = links.targetId("test", "client", "s4");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !audit.forRecord("highlevel", "contact", contactId).isEmpty());
        settle();
        assertThat(audit.forRecord("highlevel", "contact", contactId)).extracting(SyncAudit.Entry::outcome)
                .containsOnly(SyncAudit.SKIPPED_ECHO);
        assertThat(writes()).hasSize(1);
    }
}
