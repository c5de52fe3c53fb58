package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Crash test (issue 4): the bridge, as its own process, is killed with SIGKILL in the middle of
 * 1,000 events and restarted; every event ends up applied exactly once in the HighLevel simulator,
 * which runs in another process ({@code simulate}) so its state survives the kill.
 */
class SyncCrashIT {
    static final int EVENTS = 1000;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String TOKEN = "sandbox-highlevel-token";
    static final String LOCATION = "sandbox-location";

    @Test
    void killedInTheMiddleOfAThousandEventsAppliesEachExactlyOnce() throws Exception {
        try {
            Class.forName("io.contactsbridge.contacts.ContactsApi");
        } catch (ClassNotFoundException e) {
            org.junit.jupiter.api.Assumptions.abort("the Contacts API operation routes are not on this branch yet");
        }
        String dbUrl = TestDatabases.freshPostgresSchema();
        int simPort = TestBridge.freePort();
        Map<String, String> simEnv = env(simPort, TestBridge.freePort());
        Path simDir = TestBridge.tempDir();
        try (JarProcess simulator = JarProcess.start(simDir, simEnv, "simulate")) {
            String sim = "http://127.0.0.1:" + simPort + "/sandbox/highlevel";
            awaitUp(sim + "/_faults", simulator);
            // the real 100 per 10 s would make this test take minutes; pacing is tested elsewhere
            send("PUT", sim + "/_faults", "{\"limitMax\": 100000, \"limitIntervalMs\": 1000}");

            Map<String, String> values = Map.of(Database.URL, dbUrl, Database.USER, TestDatabases.PG_USER);
            try (Database db = Database.open(new Settings(k -> Optional.ofNullable(values.get(k))))) {
                Inbox inbox = new Inbox(db.dataSource());
                Instant t = Instant.parse("2026-06-01T00:00:00Z");
                for (int i = 1; i <= EVENTS; i++) {
                    CanonicalChange c = new CanonicalChange("crash", CanonicalChange.Entity.of("client"),
                            CanonicalChange.Action.CREATED, String.valueOf(i),
                            Map.of("name", "Client " + i, "email", "client-" + i + "@crash.test"), t, null);
                    assertThat(inbox.store(c.source(), c.eventId(), c.recordKey(), Inbox.KIND_CHANGE, SyncJson.toJson(c)))
                            .isEqualTo(Inbox.Stored.STORED);
                }
                InboxQueue queue = new InboxQueue(db.dataSource(), "crash-test-observer");

                Path workDir = TestBridge.tempDir();
                Path routes = Files.createDirectories(workDir.resolve("routes"));
                try (var in = SyncCrashIT.class.getResourceAsStream("/flows/crash-client-to-contact.yaml")) {
                    Files.copy(in, routes.resolve("crash-client-to-contact.yaml"));
                }
                Map<String, String> bridgeEnv = env(TestBridge.freePort(), TestBridge.freePort());
                bridgeEnv.put("BRIDGE_DB_URL", dbUrl);
                bridgeEnv.put("BRIDGE_DB_USER", TestDatabases.PG_USER);
                bridgeEnv.put("HIGHLEVEL_BASE_URL", sim);
                bridgeEnv.put("HIGHLEVEL_TOKEN", TOKEN);
                bridgeEnv.put("HIGHLEVEL_LOCATION_ID", LOCATION);
                bridgeEnv.put("BRIDGE_INBOX_LEASE_SECONDS", "5");
                bridgeEnv.put("BRIDGE_POLL_ENABLED", "false");

                long doneAtKill;
                try (JarProcess first = JarProcess.start(workDir, bridgeEnv)) {
                    long deadline = System.currentTimeMillis() + 120_000;
                    while (done(queue) < EVENTS / 4) {
                        if (System.currentTimeMillis() > deadline || !first.process().isAlive()) {
                            throw new AssertionError("the bridge did not get going: " + first.output());
                        }
                        Thread.sleep(20);
                    }
                    first.kill();
                    doneAtKill = done(queue);
                }
                assertThat(doneAtKill).as("killed in the middle").isLessThan(EVENTS);

                try (JarProcess second = JarProcess.start(workDir, bridgeEnv)) {
                    long deadline = System.currentTimeMillis() + 300_000;
                    while (done(queue) + queue.depthByStatus().get(InboxQueue.DEAD) < EVENTS) {
                        if (System.currentTimeMillis() > deadline || !second.process().isAlive()) {
                            throw new AssertionError("the restarted bridge did not finish: " + queue.depthByStatus()
                                    + "\n" + second.output());
                        }
                        Thread.sleep(200);
                    }
                    assertThat(queue.depthByStatus().get(InboxQueue.DEAD)).as(second.output()).isZero();
                    assertThat(second.terminate(Duration.ofSeconds(60))).isZero();
                }

                List<Map<String, Object>> contacts = contacts(sim);
                Set<String> emails = new HashSet<>();
                for (Map<String, Object> c : contacts) {
                    String email = String.valueOf(c.get("email"));
                    assertThat(emails.add(email)).as("duplicate contact for " + email).isTrue();
                    String n = email.substring("client-".length(), email.indexOf('@'));
                    assertThat(c.get("companyName")).isEqualTo("Client " + n);
                }
                assertThat(contacts).hasSize(EVENTS);
                assertThat(new SyncLinks(db.dataSource(), "highlevel").count()).isEqualTo(EVENTS);
                io.contactsbridge.testing.Robustness.summary("crash (SIGKILL)", "killed after " + doneAtKill + " of "
                        + EVENTS + " events applied; after restart " + contacts.size() + " contacts, 0 lost, 0 duplicates, 0 dead letters");
            }
        }
    }

    static long done(InboxQueue queue) {
        return queue.depthByStatus().get(InboxQueue.DONE);
    }

    static Map<String, String> env(int http, int management) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("MANAGEMENT_PORT", String.valueOf(management));
        env.put("BRIDGE_BIND_HOST", "127.0.0.1");
        return env;
    }

    static void awaitUp(String url, JarProcess p) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!p.process().isAlive()) {
                throw new AssertionError("the simulator exited: " + p.output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the simulator did not come up: " + p.output());
    }

    static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Version", "2021-07-28")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return r;
    }

    /** Every contact of the sandbox location, page by page (startAfter / startAfterId). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> contacts(String sim) throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        String url = sim + "/contacts/?locationId=" + LOCATION + "&limit=100";
        while (url != null) {
            Map<String, Object> page = SyncJson.readMap(send("GET", url, null).body());
            all.addAll((List<Map<String, Object>>) page.get("contacts"));
            Map<String, Object> meta = (Map<String, Object>) page.get("meta");
            url = meta == null || meta.get("startAfterId") == null ? null
                    : sim + "/contacts/?locationId=" + LOCATION + "&limit=100&startAfter=" + meta.get("startAfter")
                    + "&startAfterId=" + meta.get("startAfterId");
        }
        return all;
    }
}
