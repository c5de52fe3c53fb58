package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Toggl flows about people and workspaces: a new workspace is recorded (and noted on the contact
 * that owns it), a tagged contact is invited once and, when they join, becomes a member of their
 * client's projects; the client's e-mail comes from its notes (the mapping in the flow's YAML); the
 * status data shows who spent the Toggl quota.
 */
class TogglPeopleFlowsTest {
    static final long NEW_WORKSPACE = 1777;
    static HighLevelSimulator highlevel;
    static TogglSimulator toggl;
    static Bridge bridge;
    static String ownerId;

    @BeforeAll
    static void start() {
        highlevel = new HighLevelSimulator();
        toggl = new TogglSimulator();
        toggl.limits(Map.of("rateLimitEnabled", false));
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("firstName", "Wanda");
        owner.put("lastName", "Workspaceowner");
        owner.put("email", "wanda.owner@example.com");
        ownerId = String.valueOf(highlevel.userCreateContact(owner).get("id"));
        bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl))
                .with("toggl.workspace-owners", NEW_WORKSPACE + ":" + ownerId).start();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> toggl.subscriptions().stream()
                .anyMatch(s -> s.get("validated_at") != null));
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static void inject(CanonicalChange change) {
        new Inbox(bridge.database().dataSource()).store(change.source(), change.eventId(), change.recordKey(),
                Inbox.KIND_CHANGE, SyncJson.toJson(change));
    }

    @Test
    void aNewWorkspaceIsRecordedAndNotedOnTheContactThatOwnsIt() throws Exception {
        bridge.context().createProducerTemplate().sendBody("direct:sync.poll-cycle", null); // the first look
        // both workspaces of the organization are known, whichever of them the inbox works first
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TogglFlowsTestSupport.audit(bridge, "toggl-workspace-to-audit"))
                        .anySatisfy(a -> assertThat(a).startsWith(TogglWorkspaces.KNOWN + "|" + TogglSimulator.WORKSPACE_ID + "|"))
                        .anySatisfy(a -> assertThat(a).startsWith(TogglWorkspaces.KNOWN + "|" + TogglSimulator.SECOND_WORKSPACE_ID + "|"))
                        .noneSatisfy(a -> assertThat(a).startsWith(TogglWorkspaces.NEW + "|")));

        toggl.createWorkspace(NEW_WORKSPACE, "Fresh Workspace");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(TogglFlowsTestSupport.audit(bridge, "toggl-workspace-to-audit"))
                    .anySatisfy(a -> assertThat(a).startsWith(TogglWorkspaces.NEW + "|" + NEW_WORKSPACE + "|"));
            assertThat(highlevel.notes(ownerId)).anySatisfy(n -> assertThat(n.get("body"))
                    .isEqualTo("New Toggl workspace 'Fresh Workspace' (id " + NEW_WORKSPACE + ")"));
        });

        // healed by the poll when no webhook came: the workspaces list brings the organization's workspaces
        toggl.createWorkspace(NEW_WORKSPACE + 1, "Quiet Workspace");
        TogglPoller poller = new TogglPoller(TogglApiRoutes.client(bridge.context()).operations(),
                TogglSettings.from(Settings.of(bridge.context())), StateTable.of(bridge.context(), "toggl-people-test"),
                Clock.systemUTC());
        assertThat(poller.poll(null).changes()).anySatisfy(c -> {
            assertThat(c.entity()).isEqualTo(TogglEntities.WORKSPACE);
            assertThat(c.sourceId()).isEqualTo(String.valueOf(NEW_WORKSPACE + 1));
        });
        assertThat(highlevel.notes(ownerId)).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaggedContactIsInvitedOnceAndJoinsTheProjectsOfItsClient() throws Exception {
        Map<String, Object> client = toggl.createClient("Ivy Invitee", "Contact: Ivy.Invitee@example.com (design lead)");
        long clientId = ((Number) client.get("id")).longValue();
        Map<String, Object> first = toggl.createProject("Ivy Branding", clientId);
        Map<String, Object> second = toggl.createProject("Ivy Website", clientId);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> highlevel.contacts().stream()
                .anyMatch(c -> "Ivy".equals(c.get("firstName")) && "ivy.invitee@example.com".equals(c.get("email"))));
        Map<String, Object> contact = highlevel.contacts().stream().filter(c -> "Ivy".equals(c.get("firstName")))
                .findFirst().orElseThrow();
        String contactId = String.valueOf(contact.get("id"));

        Map<String, Object> tagged = new LinkedHashMap<>(contact);
        tagged.put("tags", List.of("toggl-client", "toggl-invite"));
        // stamped clearly after the bridge's own write of the contact (else it would pass for its echo)
        for (int i = 0; i < 2; i++) { // the same contact changed twice: one invitation
            inject(new CanonicalChange("highlevel", CanonicalChange.Entity.of("contact"), CanonicalChange.Action.UPDATED,
                    contactId, tagged, Instant.now().plusSeconds(300 + i), null));
        }
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(toggl.invitations())
                .anySatisfy(inv -> assertThat(inv).containsEntry("email", "ivy.invitee@example.com")));
        Thread.sleep(1500);
        assertThat(toggl.invitations().stream().filter(inv -> "ivy.invitee@example.com".equals(inv.get("email")))).hasSize(1);

        long userId = toggl.acceptInvitation("ivy.invitee@example.com");
        assertThat(userId).isPositive();
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(toggl.rows("project_user"))
                .filteredOn(m -> ((Number) m.get("user_id")).longValue() == userId)
                .extracting(m -> ((Number) m.get("project_id")).longValue())
                .containsExactlyInAnyOrder(((Number) first.get("id")).longValue(), ((Number) second.get("id")).longValue()));

        // who spent the Toggl quota, in the status data
        Map<String, Object> status = new TogglConnector().status(bridge.context());
        assertThat((Map<String, Integer>) status.get("spentThisHour")).containsKeys(TogglQuota.POLL, TogglQuota.FLOWS);
    }
}
