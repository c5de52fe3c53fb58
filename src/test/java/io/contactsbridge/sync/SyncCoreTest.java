package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import org.junit.jupiter.api.Test;

/**
 * The done-when cases, on H2 (and on PostgreSQL in {@link SyncCorePostgresTest}), against
 * test doubles of the Contacts API operation routes and YAML test flows written like real ones.
 */
class SyncCoreTest extends SyncCoreTestBase {

    @Override
    String dbUrl() {
        return null; // TestBridge's own H2 file
    }

    @Test
    void sameEventDeliveredFiveTimesWritesOnce() {
        CanonicalChange change = client("1", Map.of("name", "Acme", "email", "ops@acme.test"), Instant.now());
        List<Inbox.Stored> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(deliver(change));
        }
        assertThat(stored).containsExactly(Inbox.Stored.STORED, Inbox.Stored.DUPLICATE, Inbox.Stored.DUPLICATE,
                Inbox.Stored.DUPLICATE, Inbox.Stored.DUPLICATE);
        awaitStatus("test", change.eventId(), InboxQueue.DONE);
        awaitInboxSettled();
        // no link yet: duplicate check by e-mail, then the one write
        assertThat(api.writes()).containsExactly("upsert-contact");
        assertThat(api.contacts).hasSize(1);
        assertThat(outcomes("test", "1")).containsExactly(SyncAudit.WRITTEN);
        assertThat(links.targetId("test", "client", "1")).isEqualTo(api.contacts.keySet().iterator().next());
    }

    @Test
    void unchangedRecordDeliveredAgainWritesNothing() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        deliver(client("2", Map.of("name", "Beta", "email", "b@beta.test"), t));
        awaitInboxSettled();
        api.calls.clear();
        // the source bumped its updated-at without changing a mapped field: a new event id, same content
        deliver(client("2", Map.of("name", "Beta", "email", "b@beta.test", "unmapped", "x"), t.plusSeconds(60)));
        awaitInboxSettled();
        assertThat(api.calls).isEmpty();
        assertThat(outcomes("test", "2")).containsExactly(SyncAudit.WRITTEN, SyncAudit.SKIPPED_UNCHANGED);
        // a real change is written as an update of the linked contact, no lookup needed
        deliver(client("2", Map.of("name", "Beta GmbH", "email", "b@beta.test"), t.plusSeconds(120)));
        awaitInboxSettled();
        assertThat(api.calls).containsExactly("update-contact");
        assertThat(api.contactList()).singleElement().satisfies(c -> assertThat(c).containsEntry("companyName", "Beta GmbH"));
    }

    @Test
    void highLevelWebhookEchoingOurWriteWritesNothing() {
        deliver(client("3", Map.of("name", "Gamma", "email", "g@gamma.test"), Instant.now()));
        awaitInboxSettled();
        String contactId = links.targetId("test", "client", "3");
        assertThat(contactId).isNotNull();
        api.calls.clear();
        // HighLevel's ContactUpdate webhook for the write we just made: the whole contact, tags lower-cased
        Map<String, Object> echoed = new LinkedHashMap<>(api.contacts.get(contactId));
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, echoed, Instant.now(), "hl-evt-echo-1"));
        awaitInboxSettled();
        assertThat(api.calls).isEmpty();
        assertThat(api.testClientWrites).isEmpty();
        assertThat(audit.forRecord("highlevel", "contact", contactId)).extracting(SyncAudit.Entry::outcome)
                .containsExactly(SyncAudit.SKIPPED_ECHO);

        // a person then edits the contact in HighLevel: not an echo, the reverse flow writes it
        Map<String, Object> edited = new LinkedHashMap<>(echoed);
        edited.put("companyName", "Gamma Ltd");
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, edited, Instant.now().plusSeconds(600), "hl-evt-edit-1"));
        awaitInboxSettled();
        assertThat(api.testClientWrites).singleElement().satisfies(w -> assertThat(w).containsEntry("name", "Gamma Ltd"));
    }

    @Test
    void concurrentChangesOnBothSidesResolveByTimestamp() {
        Instant t0 = Instant.now().minusSeconds(3600);
        deliver(client("4", Map.of("name", "Delta", "email", "d@delta.test"), t0));
        awaitInboxSettled();
        String contactId = links.targetId("test", "client", "4");
        // someone edits the contact in HighLevel at t2 ...
        Instant t2 = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> edited = new LinkedHashMap<>(api.contacts.get(contactId));
        edited.put("companyName", "Delta (HL edit)");
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, edited, t2, "hl-evt-lww-1"));
        awaitInboxSettled();
        api.calls.clear();
        // ... while the source record changed earlier, at t1 < t2: HighLevel's change wins
        Instant t1 = t2.minusSeconds(20);
        deliver(client("4", Map.of("name", "Delta (source edit)", "email", "d@delta.test"), t1));
        awaitInboxSettled();
        assertThat(api.writes()).isEmpty();
        SyncAudit.Entry lost = last("test", "4");
        assertThat(lost.outcome()).isEqualTo(SyncAudit.LWW_TARGET_WON);
        assertThat(lost.sourceUpdatedAt()).isEqualTo(t1);
        assertThat(lost.targetUpdatedAt()).isEqualTo(t2);
        // a later source change (t3 > t2) wins and is written
        Instant t3 = t2.plusSeconds(20);
        deliver(client("4", Map.of("name", "Delta (newest)", "email", "d@delta.test"), t3));
        awaitInboxSettled();
        assertThat(api.writes()).containsExactly("update-contact");
        SyncAudit.Entry won = last("test", "4");
        assertThat(won.outcome()).isEqualTo(SyncAudit.LWW_SOURCE_WON);
        assertThat(won.sourceUpdatedAt()).isEqualTo(t3);
        assertThat(won.targetUpdatedAt()).isEqualTo(t2);
        assertThat(api.contacts.get(contactId)).containsEntry("companyName", "Delta (newest)");
    }

    @Test
    void permanentErrorGoesToDeadLettersAndReplaySucceedsAfterTheFix() throws Exception {
        api.rejectedEmails.add("bad@eps.test");
        CanonicalChange change = client("5", Map.of("name", "Epsilon", "email", "bad@eps.test"), Instant.now());
        deliver(change);
        awaitStatus("test", change.eventId(), InboxQueue.DEAD);
        assertThat(api.calls.stream().filter(c -> c.equals("upsert-contact"))).hasSize(1); // not retried

        var list = http("GET", "/api/dead-letters", ADMIN_TOKEN);
        assertJson(list, 200);
        Map<String, Object> body = SyncJson.readMap(list.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> letters = (List<Map<String, Object>>) body.get("deadLetters");
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("eventId", change.eventId());
            assertThat((String) l.get("lastError")).contains("permanent").contains("422").doesNotContain("\tat ");
        });
        long id = ((Number) letters.get(0).get("id")).longValue();

        api.rejectedEmails.clear(); // the data is fixed in HighLevel
        assertJson(http("POST", "/api/dead-letters/" + id + "/replay", ADMIN_TOKEN), 200);
        awaitStatus("test", change.eventId(), InboxQueue.DONE);
        assertThat(api.contacts).hasSize(1);
        var again = http("POST", "/api/dead-letters/" + id + "/replay", ADMIN_TOKEN);
        assertJson(again, 200);
        assertThat(again.body()).contains("already replayed");
        awaitInboxSettled();
        assertThat(api.writes()).containsExactly("upsert-contact", "upsert-contact");
        assertThat(SyncJson.readMap(http("GET", "/api/dead-letters", ADMIN_TOKEN).body()).get("deadLetters"))
                .asList().isEmpty();
    }

    private SyncAudit.Entry last(String source, String id) {
        List<SyncAudit.Entry> rows = audit.forRecord(source, "client", id);
        return rows.get(rows.size() - 1);
    }
}
