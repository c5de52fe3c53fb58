package io.contactsbridge.bench;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.contactsbridge.toggl.TogglWebhookPolicy;

/**
 * The webhook intake again with the store on PostgreSQL (as several replicas run it): a second
 * sandbox bridge process on a fresh schema of the server at {@value #DEFAULT_URL} (or
 * {@code BENCH_POSTGRES_URL}), with the server's durable commits (synchronous_commit as it is set
 * there, reported), under the same load as the H2 run; its ratio to the same echo baseline, and
 * a count of the acknowledged events in the database.
 */
final class PostgresIntake {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private final BenchRun run;
    private final Path script;
    private final Path counting;
    private final IntakeBench.Events events;

    PostgresIntake(BenchRun run, Path script, Path counting, IntakeBench.Events events) {
        this.run = run;
        this.script = script;
        this.counting = counting;
        this.events = events;
    }

    List<Figure> measure(Path warmUpEvents, Path fullEvents, int roundSeconds, int maxRounds, int fullSeconds,
                         double echoPerSecond, double h2PerSecond) throws Exception {
        String base = System.getenv().getOrDefault("BENCH_POSTGRES_URL", DEFAULT_URL);
        String schema = "bench_intake_" + System.currentTimeMillis();
        String synchronousCommit;
        try (Connection c = DriverManager.getConnection(base, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            synchronousCommit = show(s, "synchronous_commit") + ", fsync " + show(s, "fsync");
        } catch (SQLException e) {
            return List.of(Figure.atLeast("intake_pg_ratio", "webhook intake on PostgreSQL / echo baseline: PostgreSQL at "
                    + base + " not reachable (" + e.getMessage() + ")", 0, "", 0.5));
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            BenchRun.BridgeProcess bridge = run.startBridge("bridge-postgres", url, null);
            long acknowledged;
            Wrk.WarmUp warmUp;
            Wrk.Load full;
            try {
                // the H2 run's events: new to this store
                URI receiver = bridge.http(TogglWebhookPolicy.PATH);
                warmUp = Wrk.warmUp(counting, receiver, warmUpEvents, roundSeconds, maxRounds, new long[Wrk.THREADS]);
                full = Wrk.run(script, receiver, fullEvents, fullSeconds, IntakeBench.CONNECTIONS, 0);
                acknowledged = warmUp.stored() + full.stored();
                bridge.child().stop(Duration.ofSeconds(60));
            } finally {
                bridge.child().close();
            }
            long inStore;
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                inStore = events.countStored(c);
            }
            String load = " (wrk, " + IntakeBench.CONNECTIONS + " connections, " + fullSeconds + " s; synchronous_commit "
                    + synchronousCommit + ")";
            double ratio = full.storedPerSecond() / echoPerSecond;
            return List.of(
                    Figure.info("intake_pg_warm_up_s", "webhook intake on PostgreSQL: load before its rate was steady ("
                            + warmUp.rounds() + " rounds of " + roundSeconds + " s), the last at "
                            + Math.round(warmUp.lastPerSecond()) + "/s", warmUp.seconds(), "s"),
                    Figure.info("intake_pg_per_s", "webhook intake with the store on PostgreSQL: events stored per second" + load,
                            full.storedPerSecond(), "/s"),
                    run.quick
                            ? Figure.info("intake_pg_ratio", "webhook intake on PostgreSQL / echo baseline (quick: before the "
                                    + "JIT is done; the target >= 0.5 is checked by the full run)", ratio, "")
                            : Figure.atLeast("intake_pg_ratio", "webhook intake on PostgreSQL / echo baseline", ratio, "", 0.5),
                    Figure.info("intake_pg_vs_h2", "webhook intake on PostgreSQL / on H2, same run", full.storedPerSecond() / h2PerSecond, ""),
                    Figure.exactly("intake_pg_unstored", "webhook intake on PostgreSQL: events acknowledged as stored but not "
                            + "in the database", Math.max(0, acknowledged - inStore), "", 0));
        } finally {
            try (Connection c = DriverManager.getConnection(base, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
