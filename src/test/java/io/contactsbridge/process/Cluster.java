package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;

/**
 * What the process tests of several bridges share: the simulators in a process of their own (so
 * their state survives any bridge being killed), bridge processes on one PostgreSQL schema with
 * HighLevel in OAuth mode, signed Toggl webhooks posted over HTTP, and the effects counted in the
 * simulators. The records are contacts without e-mail or phone, each with a note: nothing a
 * look-up by e-mail could deduplicate, so a second create would show as a second record.
 */
final class Cluster implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String FLOW = "toggl-client-to-contact.yaml";
    static final String ENCRYPTION_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final Pattern POLL = Pattern.compile("poll cycle \\(schedule at (\\S+)\\) (done|skipped)");

    final String dbUrl = TestDatabases.freshPostgresSchema();
    final int simPort = TestBridge.freePort();
    final JarProcess simulator;
    final String highLevel;
    final String toggl;
    final String refreshToken;
    final String runId = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    Cluster(long accessTokenTtlSeconds) throws Exception {
        simulator = JarProcess.start(TestBridge.tempDir(), ports(simPort, TestBridge.freePort()), "simulate");
        highLevel = "http://127.0.0.1:" + simPort + "/sandbox/highlevel";
        toggl = "http://127.0.0.1:" + simPort + "/sandbox/toggl";
        awaitOk(highLevel + "/_faults", simulator);
        // HighLevel's real 100 per 10 s would make these tests take many minutes; pacing is tested elsewhere
        control("PUT", highLevel + "/_faults", "{\"limitMax\": 100000, \"limitIntervalMs\": 1000, \"accessTokenTtlSeconds\": "
                + accessTokenTtlSeconds + "}");
        Map<String, Object> oauth = SyncJson.readMap(control("PUT", highLevel + "/_oauth",
                "{\"issueRefreshToken\": \"contacts.readonly contacts.write\"}"));
        refreshToken = String.valueOf(oauth.get("issuedRefreshToken"));
    }

    /** The environment of one bridge process of the cluster. */
    Map<String, String> bridgeEnv(int httpPort, int managementPort) {
        Map<String, String> env = ports(httpPort, managementPort);
        env.put("BRIDGE_DB_URL", dbUrl);
        env.put("BRIDGE_DB_USER", TestDatabases.PG_USER);
        env.put("HIGHLEVEL_BASE_URL", highLevel);
        env.put("HIGHLEVEL_LOCATION_ID", HighLevelSimulator.LOCATION_ID);
        env.put("HIGHLEVEL_CLIENT_ID", HighLevelSimulator.CLIENT_ID);
        env.put("HIGHLEVEL_CLIENT_SECRET", HighLevelSimulator.CLIENT_SECRET);
        env.put("HIGHLEVEL_REFRESH_TOKEN", refreshToken);
        env.put("TOGGL_BASE_URL", toggl + "/api/v9");
        env.put("TOGGL_WEBHOOKS_URL", toggl + "/webhooks/api/v1");
        env.put("TOGGL_API_TOKEN", TogglSimulator.TOKEN);
        env.put("TOGGL_WORKSPACE_ID", String.valueOf(TogglSimulator.WORKSPACE_ID));
        env.put("TOGGL_WEBHOOK_SECRET", TogglSimulator.WEBHOOK_SECRET);
        env.put("TOGGL_PLAN", "premium");
        // OAuth tokens are encrypted at rest: every replica holds the same key
        env.put("BRIDGE_ENCRYPTION_KEY", ENCRYPTION_KEY);
        return env;
    }

    /** A work directory with only the flow under test in routes/. */
    static Path workDir() throws Exception {
        Path dir = TestBridge.tempDir();
        Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes", FLOW), dir.resolve("routes").resolve(FLOW));
        return dir;
    }

    static Map<String, String> ports(int http, int management) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("MANAGEMENT_PORT", String.valueOf(management));
        env.put("BRIDGE_BIND_HOST", "127.0.0.1");
        return env;
    }

    /** Client {@code n} of this run: the name and note its contact must carry, exactly once each. */
    String name(int n) {
        return "Cluster " + runId + " Client " + n;
    }

    String notes(int n) {
        return "Notes of client " + n + " of run " + runId;
    }

    /** A signed Toggl "client created" webhook for client {@code n}: event id, body, signature. */
    Event event(int n) throws Exception {
        long eventId = 7_000_000_000L + n;
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("id", 5_000_000 + n);
        client.put("wid", TogglSimulator.WORKSPACE_ID);
        client.put("name", name(n));
        client.put("notes", notes(n));
        client.put("archived", false);
        client.put("at", Instant.parse("2026-06-01T00:00:00Z").plusSeconds(n).toString());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("action", "created");
        metadata.put("model", "client");
        metadata.put("path", "/api/v9/workspaces/" + TogglSimulator.WORKSPACE_ID + "/clients");
        metadata.put("request_type", "POST");
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", eventId);
        envelope.put("created_at", Instant.now().toString());
        envelope.put("metadata", metadata);
        envelope.put("payload", client);
        envelope.put("timestamp", Instant.now().toString());
        byte[] body = SyncJson.write(envelope).getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TogglSimulator.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return new Event(n, body, "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)));
    }

    record Event(int n, byte[] body, String signature) {
    }

    /** Posts the event to a bridge's Toggl receiver; the status, or -1 when the bridge did not answer. */
    static int post(int httpPort, Event e) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/toggl"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .header("X-Webhook-Signature-256", e.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(e.body())).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException ex) {
            return -1;
        }
    }

    /** Every contact of the sandbox location, page by page, with its notes when {@code withNotes}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> contacts() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        String url = highLevel + "/contacts/?locationId=" + HighLevelSimulator.LOCATION_ID + "&limit=100";
        while (url != null) {
            Map<String, Object> page = SyncJson.readMap(api("GET", url));
            all.addAll((List<Map<String, Object>>) page.get("contacts"));
            Map<String, Object> meta = (Map<String, Object>) page.get("meta");
            url = meta == null || meta.get("startAfterId") == null ? null
                    : highLevel + "/contacts/?locationId=" + HighLevelSimulator.LOCATION_ID + "&limit=100&startAfter="
                    + meta.get("startAfter") + "&startAfterId=" + meta.get("startAfterId");
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    List<String> notes(String contactId) throws Exception {
        Map<String, Object> answer = SyncJson.readMap(api("GET", highLevel + "/contacts/" + contactId + "/notes"));
        return ((List<Map<String, Object>>) answer.get("notes")).stream().map(n -> String.valueOf(n.get("body"))).toList();
    }

    /**
     * The effects of clients 1..events in HighLevel: problems found (missing, doubled contacts or
     * notes), empty when each client is there exactly once with exactly its one note.
     */
    List<String> effectProblems(int events) throws Exception {
        Map<String, List<Map<String, Object>>> byName = new HashMap<>();
        for (Map<String, Object> c : contacts()) {
            byName.computeIfAbsent(String.valueOf(c.get("companyName")), k -> new ArrayList<>()).add(c);
        }
        List<String> problems = new ArrayList<>();
        for (int n = 1; n <= events; n++) {
            List<Map<String, Object>> found = byName.getOrDefault(name(n), List.of());
            if (found.size() != 1) {
                problems.add(name(n) + ": " + found.size() + " contacts");
                continue;
            }
            List<String> notes = notes(String.valueOf(found.get(0).get("id")));
            long ours = notes.stream().filter(notes(n)::equals).count();
            if (ours != 1 || notes.size() != 1) {
                problems.add(name(n) + ": notes " + notes);
            }
        }
        return problems;
    }

    /** Inbox rows by status, and rows still claimed by anyone. */
    Map<String, Long> inbox() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.PG_USER, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM inbox GROUP BY status")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE claimed_by IS NOT NULL")) {
                rs.next();
                out.put("claimed", rs.getLong(1));
            }
        }
        return out;
    }

    /** Scheduled poll slots seen in the bridges' logs, and how many bridges ran (or skipped) each. */
    static Map<String, Integer> pollSlots(List<String> logs) {
        Map<String, Integer> slots = new TreeMap<>();
        for (String log : logs) {
            Matcher m = POLL.matcher(log);
            while (m.find()) {
                slots.merge(m.group(1), 1, Integer::sum);
            }
        }
        return slots;
    }

    /** The token endpoint's calls at the simulator, and whether two ever overlapped. */
    TokenCalls tokenCalls() throws Exception {
        Map<String, Object> oauth = SyncJson.readMap(control("GET", highLevel + "/_oauth", null));
        List<long[]> spans = new ArrayList<>();
        for (Object o : (List<?>) SyncJson.readMap("{\"log\":" + control("GET", highLevel + "/_log", null) + "}").get("log")) {
            Map<?, ?> e = (Map<?, ?>) o;
            if ("/oauth/token".equals(e.get("path"))) {
                long start = Instant.parse(String.valueOf(e.get("time"))).toEpochMilli();
                spans.add(new long[] {start, start + ((Number) e.get("durationMs")).longValue()});
            }
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        int overlaps = 0;
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i)[0] < spans.get(i - 1)[1]) {
                overlaps++;
            }
        }
        return new TokenCalls(((Number) oauth.get("tokenRequests")).intValue(), ((Number) oauth.get("refreshGrants")).intValue(),
                overlaps);
    }

    record TokenCalls(int requests, int grants, int overlapping) {
    }

    String api(String method, String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + HighLevelSimulator.TOKEN).header("Version", HighLevelSimulator.VERSION)
                .method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }

    static String control(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }

    /** Waits until a bridge answers ready (migrations ran, the store answers). */
    static void awaitReady(JarProcess bridge, int managementPort) throws Exception {
        awaitOk("http://127.0.0.1:" + managementPort + "/observe/health/ready", bridge);
    }

    /** Waits until {@code url} answers 200 while {@code process} runs. */
    static void awaitOk(String url, JarProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!process.process().isAlive()) {
                throw new AssertionError("the process exited: " + process.output());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not answer 200: " + process.output());
    }

    @Override
    public void close() {
        simulator.close();
    }
}
