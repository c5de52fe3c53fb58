package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollback against the HighLevel simulator: an event's write undone through the operation routes,
 * audited, idempotent; a record changed since by someone else left alone. The audit's values are
 * encrypted (the sandbox's generated key).
 */
class RollbackTest {
    static final String ADMIN = SyncSandboxTest.ADMIN;
    /** The sandbox bridge, its store and the HighLevel simulator's request log (SyncSandboxTest's set-up). */
    final SyncSandboxTest sandbox = newSandbox();
    Bridge bridge;
    SyncLinks links;
    SyncAudit audit;
    RequestLog log;

    /** The store the sandbox runs on (PostgreSQL in the subclass). */
    SyncSandboxTest newSandbox() {
        return new SyncSandboxTest();
    }

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        bridge = sandbox.bridge;
        links = sandbox.links;
        audit = sandbox.audit;
        log = sandbox.log;
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    void deliver(CanonicalChange c) {
        sandbox.deliver(c);
    }

    void settle() {
        sandbox.settle();
    }

    List<String> writes() {
        return sandbox.writes();
    }

    Map<String, Object> get(String contactId) throws Exception {
        return sandbox.get(contactId);
    }

    static CanonicalChange client(String id, String name, Instant at, String eventId) {
        return new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.UPDATED, id,
                Map.of("name", name, "email", id + "@example.com"), at, eventId);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> rollback(String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestBridge.httpUrl(bridge) + "/api/rollback"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SyncJson.readMap(r.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("steps");
    }

    @Test
    void aRollbackByEventRestoresTheContactIsAuditedAndIdempotent() throws Exception {
        Instant t = Instant.now().minusSeconds(120);
        deliver(client("rb1", "First Name Co", t, "evt-create-rb1"));
        settle();
        String contactId = links.targetId("test", "client", "rb1");
        deliver(client("rb1", "Renamed By Mistake Co", t.plusSeconds(30), "evt-rename-rb1"));
        settle();
        assertThat(get(contactId)).containsEntry("companyName", "Renamed By Mistake Co");

        // the audit row keeps what changed, encrypted at rest
        try (var c = bridge.database().dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT changes, key_id FROM sync_audit WHERE event_id = 'evt-rename-rb1'"
                     + " AND changes IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("Renamed").doesNotContain("First Name");
            assertThat(rs.getString(2)).isNotBlank();
        }

        // dry run first, by default: the plan, nothing written
        log.clear();
        Map<String, Object> plan = rollback("{\"eventId\": \"evt-rename-rb1\"}");
        assertThat(steps(plan)).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("action", Rollback.RESTORE).containsEntry("target", "highlevel contact " + contactId);
            assertThat((List<String>) s.get("restoreFields")).containsExactly("companyName");
        });
        assertThat(writes()).isEmpty();
        assertThat(get(contactId)).containsEntry("companyName", "Renamed By Mistake Co");

        Map<String, Object> applied = rollback("{\"eventId\": \"evt-rename-rb1\", \"apply\": true}");
        assertThat(steps(applied)).singleElement().satisfies(s -> assertThat(s).containsEntry("action", Rollback.RESTORED));
        assertThat(get(contactId)).containsEntry("companyName", "First Name Co");
        assertThat(writes()).singleElement().satisfies(w -> assertThat(w).startsWith("PUT ").contains(contactId));

        // audited itself, pointing at the row it undid
        SyncAudit.Entry undone = audit.forRecord("test", "client", "rb1").stream()
                .filter(e -> "evt-rename-rb1".equals(e.eventId()) && e.operation() != null).findFirst().orElseThrow();
        SyncAudit.Entry own = audit.forRecord("test", "client", "rb1").stream()
                .filter(e -> SyncAudit.ROLLED_BACK.equals(e.outcome())).findFirst().orElseThrow();
        assertThat(own.rollbackOf()).isEqualTo(undone.id());
        assertThat(own.flow()).isEqualTo("rollback");

        // idempotent: nothing is restored twice
        log.clear();
        Map<String, Object> again = rollback("{\"eventId\": \"evt-rename-rb1\", \"apply\": true}");
        assertThat(steps(again)).singleElement().satisfies(s -> assertThat(s).containsEntry("action", Rollback.ALREADY_DONE));
        assertThat(writes()).isEmpty();
        assertThat(audit.forRecord("test", "client", "rb1")).filteredOn(e -> SyncAudit.ROLLED_BACK.equals(e.outcome())).hasSize(1);

        // the restore is the bridge's own write: its echo is not synced back, and the source's
        // unchanged record stays as restored
        deliver(client("rb1", "Renamed By Mistake Co", t.plusSeconds(30), "evt-repoll-rb1"));
        settle();
        assertThat(get(contactId)).containsEntry("companyName", "First Name Co");
    }

    @Test
    void aRecordChangedSinceBySomeoneElseIsNotRolledBack() throws Exception {
        Instant t = Instant.now().minusSeconds(120);
        deliver(client("rb2", "Original Co", t, "evt-create-rb2"));
        settle();
        String contactId = links.targetId("test", "client", "rb2");
        deliver(client("rb2", "Bridge Edit Co", t.plusSeconds(30), "evt-edit-rb2"));
        settle();
        // someone edits the contact in HighLevel afterwards
        var ex = new org.apache.camel.support.DefaultExchange(bridge.context());
        ex.getMessage().setHeader("contactId", contactId);
        ex.getMessage().setBody(Map.of("companyName", "Edited By A Person"));
        bridge.context().createProducerTemplate().send("direct:contacts.update-contact", ex);
        assertThat(ex.getException()).isNull();

        log.clear();
        Map<String, Object> applied = rollback("{\"eventId\": \"evt-edit-rb2\", \"apply\": true}");
        assertThat(steps(applied)).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("action", Rollback.SKIPPED)
                .hasEntrySatisfying("reason", r -> assertThat((String) r).contains("changed since")));
        assertThat(writes()).isEmpty();
        assertThat(get(contactId)).containsEntry("companyName", "Edited By A Person");
    }

    @Test
    void aRollbackNeedsASelectionAndSaysSo() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestBridge.httpUrl(bridge) + "/api/rollback"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("flow, an event id, or a time range");
    }
}
