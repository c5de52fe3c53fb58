package io.contactsbridge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.store.Database;
import io.contactsbridge.toggl.TogglWebhookPolicy;

/**
 * Webhook intake: signed Toggl events posted by {@code wrk} to the bridge process's
 * {@code /webhooks/toggl} (signature checked, stored in the inbox before the 200), against the
 * same load on a bare Camel platform-http echo route ({@link EchoServerCommand}) in its own JVM of
 * the same jar and heap, in the same run. Each wrk thread posts its own file of distinct,
 * pre-signed events (wrk cannot sign). Each server is loaded until its rate is steady
 * ({@link Wrk#warmUp}) before it is measured. Then the ack latency at half the measured rate, the
 * bridge's RSS, and, once the bridge has stopped, a count of the events in its store: every event
 * acknowledged as stored must be there.
 */
final class IntakeBench implements BenchSection {
    static final int CONNECTIONS = 16;
    static final int HALF_LOAD_CONNECTIONS = 64;
    /** Events per second the measured run's files are sized for; beyond it wrk would repeat events. */
    static final int EVENTS_PER_SECOND_MAX = 30_000;
    /** Distinct events for the warm-up rounds (the bridges have stores of their own: each gets them new). */
    static final long WARM_UP_EVENTS = 1_500_000;
    static final int MAX_WARM_UP_ROUNDS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "intake";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        Wrk.require();
        int roundSeconds = run.quick ? 3 : Wrk.WARM_UP_ROUND_SECONDS;
        int maxRounds = run.quick ? 2 : MAX_WARM_UP_ROUNDS;
        int fullSeconds = run.quick ? 4 : 10;
        int halfSeconds = run.quick ? 3 : 10;
        BenchRun.BridgeProcess bridge = run.bridgeProcess();
        Path script = Wrk.writeScript(run.dir(), "intake.lua");
        Path counting = Wrk.writeScript(run.dir(), "intake.lua", "intake-counting.lua");
        Path paced = Wrk.writeScript(run.dir(), "intake.lua", "intake-paced.lua");
        Events events = new Events(run.dir().resolve("intake-events"), TogglSimulator.WEBHOOK_SECRET);
        Path warmUpEvents = events.write("warm-up", run.quick ? WARM_UP_EVENTS / 25 : WARM_UP_EVENTS);
        // a quick run, short of the steady state, does not come near the full rate
        Path fullEvents = events.write("full", (long) EVENTS_PER_SECOND_MAX * fullSeconds / (run.quick ? 2 : 1));

        Wrk.Load echo;
        int echoPort = BenchRun.freePort();
        try (BenchChild echoServer = BenchChild.start(Path.of("").toAbsolutePath(), run.dir().resolve("echo-server.log"),
                Map.of(), "bench", "echo-server", "--port", String.valueOf(echoPort))) {
            URI echoUrl = URI.create("http://127.0.0.1:" + echoPort + EchoServerCommand.PATH);
            echoServer.awaitOk(echoUrl, "POST", Duration.ofSeconds(60));
            // the very bodies and headers the bridge gets next; the echo does not look at them
            Wrk.warmUp(counting, echoUrl, warmUpEvents, roundSeconds, maxRounds, new long[Wrk.THREADS]);
            echo = Wrk.run(script, echoUrl, fullEvents, fullSeconds, CONNECTIONS, 0);
            echoServer.stop(Duration.ofSeconds(30));
        }

        URI receiver = bridge.http(TogglWebhookPolicy.PATH);
        Wrk.WarmUp warmUp = Wrk.warmUp(counting, receiver, warmUpEvents, roundSeconds, maxRounds, new long[Wrk.THREADS]);
        long acknowledged = warmUp.stored();
        Wrk.Load full = Wrk.run(script, receiver, fullEvents, fullSeconds, CONNECTIONS, 0);
        acknowledged += full.stored();
        double halfRate = full.storedPerSecond() / 2;
        // wrk paces a connection in whole milliseconds: many connections, each with a pause of
        // several, come close to the rate asked for (the answer's own time taken off the pause)
        long pauseMillis = Math.max(1, Math.round(HALF_LOAD_CONNECTIONS * 1000 / Math.max(1, halfRate) - full.p50Millis()));
        Wrk.Load half = Wrk.run(paced, receiver, events.write("half", Math.round(halfRate * halfSeconds * 1.5) + 1_000),
                halfSeconds, HALF_LOAD_CONNECTIONS, pauseMillis);
        acknowledged += half.stored();
        double rssAfter = bridge.child().rssMiB();

        run.stopBridgeProcess();
        long inStore = events.countStored(bridge.store());
        long unstored = Math.max(0, acknowledged - inStore);
        List<Figure> onPostgres = new PostgresIntake(run, script, counting, events).measure(warmUpEvents, fullEvents,
                roundSeconds, maxRounds, fullSeconds, echo.okPerSecond(), full.storedPerSecond());
        events.delete(); // hundreds of MB; the logs stay

        String load = " (wrk, " + CONNECTIONS + " connections, " + fullSeconds + " s)";
        List<Figure> figures = new java.util.ArrayList<>(List.of(
                Figure.info("intake_warm_up_s", "webhook intake: load before its rate was steady (" + warmUp.rounds()
                        + " rounds of " + roundSeconds + " s, until two in a row within " + Math.round(Wrk.STEADY_SPREAD * 100)
                        + " %; at most " + maxRounds + "), the last at " + Math.round(warmUp.lastPerSecond()) + "/s",
                        warmUp.seconds(), "s"),
                Figure.info("intake_per_s", "webhook intake: signed Toggl events stored per second" + load,
                        full.storedPerSecond(), "/s"),
                Figure.info("echo_per_s", "baseline: bare Camel platform-http echo route, requests per second" + load,
                        echo.okPerSecond(), "/s"),
                run.quick
                        // a fact of the quick run, not a miss: the target needs the steady state
                        ? Figure.info("intake_ratio", "webhook intake / echo baseline (quick: before the JIT is done; "
                                + "the target >= 0.5 is checked by the full run)", full.storedPerSecond() / echo.okPerSecond(), "")
                        : Figure.atLeast("intake_ratio", "webhook intake / echo baseline",
                                full.storedPerSecond() / echo.okPerSecond(), "", 0.5),
                Figure.info("ack_p50_ms", "webhook ack latency at about half that load (" + Math.round(half.storedPerSecond())
                        + " events/s from " + HALF_LOAD_CONNECTIONS + " connections), p50", half.p50Millis(), "ms"),
                Figure.info("ack_p99_ms", "webhook ack latency at half that load, p99", half.p99Millis(), "ms"),
                Figure.info("rss_after_intake_mb", "footprint: resident memory after the intake runs ("
                        + acknowledged + " events stored)", rssAfter, "MiB"),
                Figure.exactly("intake_unstored", "webhook intake: events acknowledged as stored but not in the store "
                        + "after the bridge stopped", unstored, "", 0)));
        figures.addAll(onPostgres);
        return figures;
    }

    /**
     * Distinct Toggl "client created" events, signed as Toggl signs them, written one file per wrk
     * thread; the event ids are a random range of their own, so the store can be counted for them.
     */
    static final class Events {
        private final Path dir;
        private final String secret;
        /** Sixteen digits each, whatever the run. */
        final long firstId = ThreadLocalRandom.current().nextLong(1L << 50, (1L << 51) - 10_000_000);
        private long nextId = firstId;

        Events(Path dir, String secret) {
            this.dir = dir;
            this.secret = secret;
        }

        /** Writes {@code count} events, split between the wrk threads; gives their directory. */
        Path write(String name, long count) throws Exception {
            Path out = Files.createDirectories(dir.resolve(name));
            int threads = Wrk.THREADS;
            long perThread = count / threads;
            for (int t = 1; t <= threads; t++) {
                try (BufferedWriter w = Files.newBufferedWriter(out.resolve("events-" + t + ".txt"))) {
                    for (long i = 0; i < perThread; i++) {
                        long id = nextId++;
                        Map<String, Object> client = new LinkedHashMap<>();
                        client.put("id", id % 1_000_000_000L + 1);
                        client.put("wid", TogglSimulator.WORKSPACE_ID);
                        client.put("name", "Intake Client " + id);
                        client.put("archived", false);
                        client.put("at", java.time.Instant.now().toString());
                        byte[] body = JSON.writeValueAsBytes(EndToEndBench.envelope(id, client));
                        w.write(EndToEndBench.sign(secret, body));
                        w.write('\t');
                        w.write(new String(body, StandardCharsets.UTF_8));
                        w.write('\n');
                    }
                }
            }
            return out;
        }

        void delete() throws IOException {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }

        /** Events of this run in the stopped bridge's H2 store. */
        long countStored(Path store) throws Exception {
            String url = Database.withH2Defaults("jdbc:h2:file:" + store.resolve("bridge").toAbsolutePath());
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                return countStored(c);
            }
        }

        /** Events of this run in the store behind {@code c}. */
        long countStored(Connection c) throws Exception {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE source = 'toggl' "
                         + "AND LENGTH(event_id) = ? AND event_id BETWEEN ? AND ?")) {
                // the ids all have the same number of digits, so they compare as text
                ps.setInt(1, String.valueOf(firstId).length());
                ps.setString(2, String.valueOf(firstId));
                ps.setString(3, String.valueOf(nextId - 1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }
}
