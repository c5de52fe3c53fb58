package io.contactsbridge.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.contacts.ContactsApi;
import io.contactsbridge.contacts.HighLevelConfig;
import io.contactsbridge.contacts.HighLevelConnector;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.sync.SyncSettings;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * Robustness scenario "faults": bursts of events through the real intake while the simulators
 * misbehave (seeded, so a run can be repeated). HighLevel answers 10% of requests 5xx, 5% 429, and
 * holds 2% past the bridge's HTTP timeout (then runs them: the bridge cannot know they were
 * applied); the bridge runs in OAuth mode, every access token expires half-way through the first
 * burst and the refresh answers slowly. Toggl answers 10% 5xx, 5% 429 and 20% late (after its
 * webhook went out). The events: Toggl clients created, their notes written and rewritten;
 * projects and tasks, half of them completed; contacts made in HighLevel that become Toggl clients.
 * A few clients carry a marker HighLevel always refuses with 422: those, and only those, end as
 * dead letters. Everything else must be applied exactly once: one contact per client with its last
 * note and its task, one Toggl client per tagged contact, no record created twice.
 */
@SuppressWarnings("unchecked")
class FaultsRobustnessTest {
    static final long SEED = 20260601L;
    static final int CLIENTS = 120;
    static final String REJECT_MARKER = "Refused";
    /** Every 40th client (3 of 120) is refused by the simulator: a permanent error. */
    static final int REJECT_EVERY = 40;
    static final int REVERSE_CONTACTS = 30;

    @Test
    void everyEventIsAppliedOnceUnderFaultsAndTokenExpiry() throws Exception {
        HighLevelSimulator highlevel = new HighLevelSimulator();
        TogglSimulator toggl = new TogglSimulator();
        String refreshToken = highlevel.issueRefreshToken(HighLevelSimulator.SCOPE_READ, HighLevelSimulator.SCOPE_WRITE);
        Robustness.recordSecrets(List.of(refreshToken, HighLevelSimulator.CLIENT_SECRET, TogglSimulator.TOKEN,
                TogglSimulator.WEBHOOK_SECRET));

        Map<String, String> settings = new HashMap<>();
        settings.put(HighLevelConfig.TOKEN, "");
        settings.put(HighLevelConfig.CLIENT_ID, HighLevelSimulator.CLIENT_ID);
        settings.put(HighLevelConfig.CLIENT_SECRET, HighLevelSimulator.CLIENT_SECRET);
        settings.put(HighLevelConfig.REFRESH_TOKEN, refreshToken);
        // the shipped defaults (retries, back-off, attempts, HighLevel's pacing at 100 per 10 s) but
        // one: a 1 s response timeout, so the simulator's held answers (1.5 s) are timeouts at all
        settings.put(HighLevelConfig.RESPONSE_TIMEOUT, "1000");
        settings.put(SyncSettings.POLL_ENABLED, "false");

        Bridge bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl)).with(settings).start();
        try {
            await().ignoreExceptions().atMost(Duration.ofSeconds(20))
                    .until(() -> toggl.subscriptions().stream().anyMatch(s -> s.get("validated_at") != null));
            highlevel.faults()
                    .seed(SEED).errorRate(0.10).rateLimitRate(0.05).timeoutRate(0.02).timeoutMs(1500).timeoutsApply(true)
                    .rejectMarker(REJECT_MARKER)
                    // the refresh after the expiry answers slower than the bridge's API timeout
                    .tokenLatencyMs(1500);
            // Toggl too: the bridge reads and (the other way) writes there
            toggl.seed(SEED);
            toggl.faults(0.10, 0.05);
            // answers held after the write ran: Toggl's webhook of the bridge's own write can come first
            toggl.slowAnswers(0.2, 1500);
            RequestLog log = bridge.simulators().log(HighLevelSimulator.NAME);
            log.clear();
            int refreshesBefore = highlevel.refreshCount();

            // the burst: every client, and for every third its project and task at once (children
            // racing their parents: a task whose client has no contact yet waits and is tried again),
            // the tokens expired half-way, then notes, new notes, and half of the tasks done
            List<Long> ids = new ArrayList<>();
            Map<Long, String> names = new LinkedHashMap<>();
            Map<Long, String> expectedTask = new LinkedHashMap<>();
            Map<Long, Boolean> expectedDone = new LinkedHashMap<>();
            List<Long> taskIds = new ArrayList<>();
            Map<Long, Long> taskOfClient = new HashMap<>();
            int events = 0;
            int expiries = 0;
            for (int i = 1; i <= CLIENTS; i++) {
                String name = clientName(i);
                long id = ((Number) toggl.createClient(name, null).get("id")).longValue();
                ids.add(id);
                names.put(id, name);
                events++;
                if ((i - 1) % 3 == 0 && !rejected(name)) {
                    long project = ((Number) toggl.createProject("Faultcase Project" + id, id).get("id")).longValue();
                    long task = ((Number) toggl.createTask(project, "Faultcase Task" + id).get("id")).longValue();
                    expectedTask.put(id, "Faultcase Task" + id);
                    expectedDone.put(id, false);
                    taskIds.add(task);
                    taskOfClient.put(id, task);
                    events += 2;
                }
                if (i == CLIENTS / 2) {
                    highlevel.expireAccessTokens();
                    expiries++;
                }
            }
            Map<Long, String> expectedNote = new LinkedHashMap<>();
            for (long id : ids) {
                if (rejected(names.get(id))) {
                    continue;
                }
                toggl.updateClient(id, Map.of("notes", "First note of " + names.get(id)));
                expectedNote.put(id, "First note of " + names.get(id));
                events++;
            }
            for (int k = 0; k < ids.size(); k += 2) {
                long id = ids.get(k);
                if (rejected(names.get(id))) {
                    continue;
                }
                toggl.updateClient(id, Map.of("notes", "Second note of " + names.get(id)));
                expectedNote.put(id, "Second note of " + names.get(id));
                events++;
            }
            for (int k = 0; k < taskIds.size(); k += 2) {
                toggl.updateTask(taskIds.get(k), Map.of("active", false));
                expectedDone.put(expectedTask.keySet().stream().toList().get(k), true);
                events++;
            }
            int rejectedClients = (int) names.values().stream().filter(FaultsRobustnessTest::rejected).count();
            int expectedContacts = CLIENTS - rejectedClients;
            awaitSettled(bridge, events);

            // the other way: contacts made in HighLevel with the tag 'toggl' become Toggl clients (the
            // HighLevel webhook in; Toggl's webhook of the bridge's own write comes back as an echo)
            int hlEventsBefore = highLevelEvents(bridge);
            List<String> reverseNames = new ArrayList<>();
            for (int i = 1; i <= REVERSE_CONTACTS; i++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("firstName", "Reverse");
                fields.put("lastName", "Faultcase" + i);
                fields.put("email", "reverse.faultcase" + i + "@example.com");
                fields.put("tags", List.of("toggl"));
                highlevel.userCreateContact(fields);
                reverseNames.add("Reverse Faultcase" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> highLevelEvents(bridge) - hlEventsBefore >= REVERSE_CONTACTS);
            int totalEvents = events + REVERSE_CONTACTS;
            awaitSettled(bridge, events);

            // every event applied: one contact per accepted client, with its last note and nothing else
            // only this test's contacts: the sandbox's demo data is there too
            List<Map<String, Object>> contacts = highlevel.contacts().stream()
                    .filter(c -> displayName(c).startsWith("Faultcase ") || rejected(displayName(c))).toList();
            Map<String, List<Map<String, Object>>> byName = contacts.stream().collect(Collectors.groupingBy(FaultsRobustnessTest::displayName));
            int duplicates = 0;
            for (List<Map<String, Object>> same : byName.values()) {
                duplicates += same.size() - 1;
            }
            assertThat(duplicates).as("duplicate contacts: " + byName.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList()).isZero();
            int applied = 0;
            for (long id : ids) {
                String name = names.get(id);
                List<Map<String, Object>> found = byName.getOrDefault(name, List.of());
                if (rejected(name)) {
                    assertThat(found).as("refused client " + name).isEmpty();
                    continue;
                }
                assertThat(found).as("contact for " + name).hasSize(1);
                Map<String, Object> contact = found.get(0);
                assertThat((List<Object>) contact.get("tags")).as(name).contains("toggl-client");
                List<Map<String, Object>> notes = highlevel.notes((String) contact.get("id"));
                assertThat(notes).as("notes of " + name).hasSize(1);
                assertThat(notes.get(0).get("body")).as("note of " + name).isEqualTo(expectedNote.get(id));
                List<Map<String, Object>> tasks = highlevel.tasks((String) contact.get("id"));
                if (expectedTask.containsKey(id)) {
                    assertThat((List<Object>) contact.get("tags")).as(name).contains("project:faultcase project" + id);
                    assertThat(tasks).as("tasks of " + name).hasSize(1);
                    assertThat(tasks.get(0)).as(() -> "task of " + name + "; its trail:\n"
                                    + trail(bridge, String.valueOf(taskOfClient.get(id)), String.valueOf(tasks.get(0).get("id"))))
                            .containsEntry("title", expectedTask.get(id))
                            .containsEntry("completed", expectedDone.get(id));
                } else {
                    assertThat(tasks).as("tasks of " + name).isEmpty();
                }
                applied++;
            }
            assertThat(contacts).hasSize(expectedContacts);
            assertThat(applied).isEqualTo(expectedContacts);

            // one Toggl client per HighLevel contact, and no contact back from the client's webhook
            assertThat(toggl.rows("client")).as("Toggl clients from HighLevel").filteredOn(c -> String.valueOf(c.get("name")).startsWith("Reverse "))
                    .extracting(c -> c.get("name")).containsExactlyInAnyOrderElementsOf(reverseNames);
            assertThat(highlevel.contacts()).as("HighLevel contacts of the reverse way")
                    .filteredOn(c -> String.valueOf(c.get("lastName")).startsWith("Faultcase") && "Reverse".equals(c.get("firstName")))
                    .hasSize(REVERSE_CONTACTS);

            // 0 duplicates, counted by the writes that created something
            long contactCreates = log.entries().stream().filter(e -> e.method().equals("POST")
                    && e.path().matches(".*/contacts(/upsert)?/?") && e.status() / 100 == 2).count();
            assertThat(contactCreates).as("contacts created").isEqualTo(expectedContacts);
            long noteCreates = log.entries().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/notes")
                    && e.status() / 100 == 2).count();
            assertThat(noteCreates).as("notes created").isEqualTo(expectedContacts);

            // the HighLevel tasks' own webhooks must not come back to Toggl as new tasks
            assertThat(toggl.rows("task")).as("Toggl tasks").filteredOn(t -> String.valueOf(t.get("name")).startsWith("Faultcase "))
                    .extracting(t -> t.get("name")).containsExactlyInAnyOrderElementsOf(expectedTask.values());
            // and each Toggl task is as its user left it (done or not): no webhook of ours came back to change it
            for (Map.Entry<Long, Long> t : taskOfClient.entrySet()) {
                assertThat(toggl.row("task", t.getValue()).orElseThrow()).as(() -> "Toggl task of " + names.get(t.getKey())
                                + "; its trail:\n" + trail(bridge, String.valueOf(t.getValue()), "-"))
                        .containsEntry("active", !expectedDone.get(t.getKey()));
            }
            long taskCreates = log.entries().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/tasks")
                    && e.status() / 100 == 2).count();
            assertThat(taskCreates).as("tasks created").isEqualTo(expectedTask.size());

            // dead letters: exactly the refused clients' events, each for the permanent 422
            List<String> deadLetters = deadLetters(bridge);
            assertThat(deadLetters).as("dead letters").hasSize(rejectedClients)
                    .allSatisfy(d -> assertThat(d).startsWith("permanent:").contains("422"));

            // the tokens the bridge was issued during the run are secrets too (LogSecretsCheck)
            bridge.context().getRegistry().lookupByNameAndType(ContactsApi.TOKENS_BEAN, RotatingTokenProvider.class).stored()
                    .ifPresent(t -> Robustness.recordSecrets(List.of(t.accessToken(), t.refreshToken())));

            Map<String, Integer> injected = highlevel.faults().injected();
            int refreshes = highlevel.refreshCount() - refreshesBefore;
            assertThat(injected.get("5xx")).isPositive();
            assertThat(injected.get("429")).isPositive();
            assertThat(injected.get("timeout")).isPositive();
            Map<String, Integer> togglInjected = toggl.injected();
            assertThat(togglInjected.get("5xx")).as("Toggl 5xx injected").isPositive();
            assertThat(togglInjected.get("429")).as("Toggl 429 injected").isPositive();
            assertThat(togglInjected.get("slow")).as("Toggl slow answers injected").isPositive();
            assertThat(refreshes).as("refreshed after the expiry").isPositive();

            Robustness.summary("faults", totalEvents + " events, " + (totalEvents - deadLetters.size()) + " applied, "
                    + duplicates + " duplicates, " + deadLetters.size() + " dead letters (all 422 by marker); injected "
                    + injected.get("5xx") + " 5xx, " + injected.get("429") + " 429, " + injected.get("timeout")
                    + " timeouts, " + expiries + " token expiry (" + refreshes + " refreshes) at HighLevel, "
                    + toggl.injected().get("5xx") + " 5xx, " + toggl.injected().get("429") + " 429, " + toggl.injected().get("slow") + " slow answers at Toggl; "
                    + log.entries().size() + " HighLevel requests");
        } finally {
            bridge.close();
        }
    }

    /** Persons and companies alternate, so both name rules are exercised; every 40th carries the marker. */
    static String clientName(int i) {
        String base = i % REJECT_EVERY == 0 ? REJECT_MARKER + " Client" + i : "Faultcase Client" + i;
        return i % 2 == 0 ? base + " Ltd" : base;
    }

    static boolean rejected(String name) {
        return name.startsWith(REJECT_MARKER);
    }

    /** A person contact as "first last", a company as its name (how {@link #clientName} built it). */
    static String displayName(Map<String, Object> c) {
        if (c.get("companyName") != null) {
            return String.valueOf(c.get("companyName"));
        }
        return (c.get("firstName") + " " + c.get("lastName")).trim();
    }

    /** Until every Toggl event is done or dead, and nothing (echoes included) waits in the inbox. */
    static void awaitSettled(Bridge bridge, int togglEvents) {
        HighLevelSimulator highlevel = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
        TogglSimulator toggl = bridge.simulators().get(TogglSimulator.NAME, TogglSimulator.class);
        InboxQueue queue = new InboxQueue(bridge.database().dataSource(), "faults-test-observer");
        await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // the echoes of the bridge's own writes still on their way in count as pending too
            assertThat(toggl.drainWebhooks(10_000)).isTrue();
            assertThat(highlevel.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
            assertThat(settledTogglEvents(bridge)).as("settled Toggl events").isGreaterThanOrEqualTo(togglEvents);
            Map<String, Long> depth = queue.depthByStatus();
            assertThat(depth.get(InboxQueue.NEW) + depth.get(InboxQueue.RETRY)).as("pending " + depth).isZero();
        });
    }

    static int highLevelEvents(Bridge bridge) throws Exception {
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE source = 'highlevel'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static long settledTogglEvents(Bridge bridge) throws Exception {
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM inbox WHERE source = 'toggl' AND status IN ('DONE', 'DEAD')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the bridge did with a record and its target, for the failure message: inbox rows and audit rows. */
    static String trail(Bridge bridge, String sourceId, String targetId) {
        StringBuilder out = new StringBuilder();
        try (Connection c = bridge.database().dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, source, event_id, record_key, status, attempts, "
                    + "received_at, payload FROM inbox WHERE record_key LIKE ? OR record_key LIKE ? ORDER BY id")) {
                ps.setString(1, "%" + sourceId);
                ps.setString(2, "%" + targetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append("inbox ").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ')
                                .append(rs.getString(3)).append(' ').append(rs.getString(5)).append(" attempts=")
                                .append(rs.getInt(6)).append(" at ").append(rs.getString(7)).append(' ')
                                .append(rs.getString(8)).append('\n');
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT at, flow, source, entity, action, source_id, operation, "
                    + "target_id, outcome, source_updated_at, target_updated_at, detail FROM sync_audit "
                    + "WHERE source_id IN (?, ?) OR target_id IN (?, ?) ORDER BY id")) {
                ps.setString(1, sourceId);
                ps.setString(2, targetId);
                ps.setString(3, sourceId);
                ps.setString(4, targetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append("audit");
                        for (int i = 1; i <= 12; i++) {
                            out.append(' ').append(rs.getString(i));
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (Exception e) {
            out.append("(trail not read: ").append(e).append(')');
        }
        return out.toString();
    }

    static List<String> deadLetters(Bridge bridge) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_error FROM dead_letter ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
