package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ChangeTranslator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Ordering, retries, leases, translators, routing and delete policy of the sync core (H2). */
class SyncCoreBehaviourTest extends SyncCoreTestBase {

    @Override
    String dbUrl() {
        return null;
    }

    @Test
    void changesToOneRecordApplyInOrderWhileOtherRecordsRunAlongside() {
        Instant t = Instant.now();
        for (int i = 1; i <= 15; i++) {
            deliver(client("ord", Map.of("name", "Version " + i, "email", "ord@x.test"), t.plusMillis(i)));
            deliver(client("other-" + i, Map.of("name", "Other " + i, "email", "o" + i + "@x.test"), t));
        }
        awaitInboxSettled();
        String contactId = links.targetId("test", "client", "ord");
        assertThat(api.contacts.get(contactId)).containsEntry("companyName", "Version 15");
        assertThat(api.contacts).hasSize(16);
        List<String> applied = new ArrayList<>();
        for (SyncAudit.Entry e : audit.forRecord("test", "client", "ord")) {
            applied.add(e.eventId());
        }
        assertThat(applied).hasSize(15);
        List<String> sorted = new ArrayList<>(applied);
        sorted.sort((a, b) -> Instant.parse(a.substring(a.indexOf(":ord:") + 5))
                .compareTo(Instant.parse(b.substring(b.indexOf(":ord:") + 5))));
        assertThat(applied).isEqualTo(sorted);
    }

    @Test
    void transientFailuresAreRetriedAndTooManyGoToDeadLetters() {
        api.transientFailures.set(2);
        CanonicalChange ok = client("r1", Map.of("name", "Retry", "email", "r1@x.test"), Instant.now());
        deliver(ok);
        awaitStatus("test", ok.eventId(), InboxQueue.DONE);
        assertThat(api.contacts).hasSize(1);

        api.transientFailures.set(1000);
        CanonicalChange doomed = client("r2", Map.of("name", "Doomed", "email", "r2@x.test"), Instant.now());
        deliver(doomed);
        awaitStatus("test", doomed.eventId(), InboxQueue.DEAD);
        api.transientFailures.set(0);
        DeadLetters letters = new DeadLetters(bridge.database().dataSource());
        assertThat(letters.list()).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("attempts", 4);
            assertThat((String) l.get("lastError")).startsWith("gave up after 4 attempts").contains("503");
        });
    }

    @Test
    void aCreateThatMayHaveBeenAppliedLeavesAnIntentSoItsRetryLooksFirst() {
        api.failAfterApplying.set(1); // created, then a 503: the retry cannot tell from the answer
        api.sentBefore.clear();
        CanonicalChange change = client("intent", Map.of("name", "Intent Ltd"), Instant.now());
        deliver(change);
        awaitStatus("test", change.eventId(), InboxQueue.DONE);
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < api.calls.size(); i++) {
            if (api.calls.get(i).equals("upsert-contact")) {
                writes.add(api.sentBefore.get(i));
            }
        }
        assertThat(writes).as(api.calls + " " + api.sentBefore).hasSize(2);
        assertThat(writes.get(0)).as("the first attempt knows of no earlier one").isEqualTo("-");
        assertThat(writes.get(1)).as(api.calls + " " + api.sentBefore).isNotEqualTo("-");
        assertThat(Instant.parse(writes.get(1))).as("the retry is told when the first was sent").isBefore(Instant.now());
        assertThat(new Jdbc(bridge.database().dataSource()).query("SELECT source_id FROM sync_create_intent",
                rs -> rs.getString(1))).as("settled once linked").isEmpty();
    }

    @Test
    void aRowWhoseLeaseRanOutIsClaimedAgain() {
        CanonicalChange change = client("lease", Map.of("name", "Leased", "email", "l@x.test"), Instant.now());
        // another "process" claims the row and dies before settling it
        InboxQueue crashed = new InboxQueue(bridge.database().dataSource(), "crashed-replica");
        try {
            bridge.context().getRouteController().stopRoute("sync.inbox-claim");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        deliver(change);
        assertThat(crashed.claim(10, Duration.ofSeconds(2))).hasSize(1);
        try {
            bridge.context().getRouteController().startRoute("sync.inbox-claim");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // still leased: nobody touches it
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> InboxQueue.NEW.equals(queue.status("test", change.eventId())));
        assertThat(api.calls).isEmpty();
        awaitStatus("test", change.eventId(), InboxQueue.DONE);
        assertThat(api.contacts).hasSize(1);
    }

    @Test
    void webhookRowsGoThroughTheirSourcesTranslator() {
        bridge.context().getRegistry().bind("changeTranslator-test", new ChangeTranslator() {
            @Override
            public String source() {
                return "test";
            }

            @Override
            public List<CanonicalChange> translate(String payload) {
                Map<String, Object> body = SyncJson.readMap(payload);
                if (!body.containsKey("id")) {
                    throw new IllegalArgumentException("test webhook without id");
                }
                return List.of(client(body.get("id").toString(), body, Instant.now()));
            }
        });
        inbox.store("test", "wh-1", "test:client:w1", Inbox.KIND_WEBHOOK, "{\"id\":\"w1\",\"name\":\"Hooked\",\"email\":\"w@x.test\"}");
        inbox.store("test", "wh-2", null, Inbox.KIND_WEBHOOK, "{\"name\":\"no id\"}");
        inbox.store("nosuch", "wh-3", null, Inbox.KIND_WEBHOOK, "{}");
        awaitInboxSettled();
        assertThat(queue.status("test", "wh-1")).isEqualTo(InboxQueue.DONE);
        assertThat(api.contactList()).singleElement().satisfies(c -> assertThat(c).containsEntry("companyName", "Hooked"));
        assertThat(queue.status("test", "wh-2")).isEqualTo(InboxQueue.DEAD);
        assertThat(queue.status("nosuch", "wh-3")).isEqualTo(InboxQueue.DEAD);
        List<Map<String, Object>> letters = new DeadLetters(bridge.database().dataSource()).list();
        assertThat(letters).extracting(l -> (String) l.get("lastError"))
                .anySatisfy(e -> assertThat(e).contains("test webhook without id"))
                .anySatisfy(e -> assertThat(e).contains("no change translator for source 'nosuch'"));
    }

    @Test
    void aChangeWithoutAFlowIsAuditedAsSkipped() {
        CanonicalChange change = new CanonicalChange("test", CanonicalChange.Entity.of("time_entry"),
                CanonicalChange.Action.CREATED, "te1", Map.of("duration", 60), Instant.now(), null);
        deliver(change);
        awaitStatus("test", change.eventId(), InboxQueue.DONE);
        assertThat(audit.forRecord("test", "time_entry", "te1")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(SyncAudit.SKIPPED_NO_FLOW));
    }

    @Test
    void deletesFollowTheFlowsPolicyOnce() {
        Instant t = Instant.now();
        deliver(client("del", Map.of("name", "Gone", "email", "gone@x.test"), t));
        awaitInboxSettled();
        String contactId = links.targetId("test", "client", "del");
        api.calls.clear();
        for (int i = 1; i <= 2; i++) {
            deliver(new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.DELETED, "del",
                    Map.of(), t.plusSeconds(i), null));
            awaitInboxSettled();
        }
        assertThat(api.calls).containsExactly("add-tags");
        assertThat(String.valueOf(api.contacts.get(contactId).get("tags"))).contains("test-archived");
        assertThat(outcomes("test", "del")).containsExactly(SyncAudit.WRITTEN, SyncAudit.WRITTEN,
                SyncAudit.SKIPPED_UNCHANGED);
        // HighLevel's ContactTagUpdate for our tag is an echo
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                contactId, new LinkedHashMap<>(api.contacts.get(contactId)), Instant.now(), "hl-tag-echo"));
        awaitInboxSettled();
        assertThat(api.testClientWrites).isEmpty();
    }

    @Test
    void whatTheUpsertDroppedIsSentAgainWithAnUpdate() {
        api.upsertDropsPhone = true;
        deliver(client("ph", Map.of("name", "Phone Co", "email", "ph@x.test", "phone", "+14155550100"), Instant.now()));
        awaitInboxSettled();
        assertThat(api.writes()).containsExactly("upsert-contact", "update-contact");
        assertThat(api.contactList()).singleElement().satisfies(c -> assertThat(c).containsEntry("phone", "+14155550100"));
        assertThat(audit.forRecord("test", "client", "ph")).extracting(SyncAudit.Entry::detail)
                .contains("upsert did not keep phone");
    }

    @Test
    void dryRunAuditsWhatWouldBeWrittenAndRemembersNothing() {
        api.dryRun = true;
        deliver(client("dry", Map.of("name", "Dry", "email", "dry@x.test"), Instant.now()));
        awaitInboxSettled();
        assertThat(api.contacts).isEmpty();
        assertThat(outcomes("test", "dry")).containsExactly(SyncAudit.DRY_RUN);
        assertThat(links.targetId("test", "client", "dry")).isNull();
    }

    @Test
    void theExampleFlowForgetsLinksToAContactDeletedInHighLevel() {
        deliver(client("hl-del", Map.of("name", "Linked", "email", "linked@x.test"), Instant.now()));
        awaitInboxSettled();
        String contactId = links.targetId("test", "client", "hl-del");
        assertThat(contactId).isNotNull();
        assertThat(bridge.context().getRoute("highlevel-contact-to-links")).isNotNull();
        deliver(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.DELETED,
                contactId, Map.of("id", contactId), Instant.now(), "hl-delete-1"));
        awaitInboxSettled();
        assertThat(queue.status("highlevel", "hl-delete-1")).isEqualTo(InboxQueue.DONE);
        assertThat(links.targetId("test", "client", "hl-del")).isNull();
    }
}
