package io.contactsbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.runtime.Bridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures the bridge against its simulators in one run and prints one table (or
 * one JSON object with {@code --json}); exits 1 when a target is missed. Runs its own sandbox
 * bridge on free ports with a throw-away store, so it never touches a real account or your data.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the bridge against its simulators (rate budget) and check the targets.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A short run (well under a minute on two cores).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--contacts", description = "Contacts to backfill (default: 500, or 300 with --quick).")
    Integer contacts;

    @Option(names = "--interval-ms", description = "HighLevel's burst window, scaled in time (real: 10000; default 2000).")
    long intervalMs = 2000;

    @Option(names = "--threads", description = "Concurrent producers (default 8).")
    int threads = 8;

    static final int HIGHLEVEL_LIMIT = 100;

    @Override
    public Integer call() throws Exception {
        // the figures are the output: the bridge's own INFO lines would bury them
        ch.qos.logback.classic.LoggerContext logs = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logs.getLoggerList().stream().filter(l -> l.getLevel() != null)
                .forEach(l -> l.setLevel(ch.qos.logback.classic.Level.ERROR));
        int n = contacts != null ? contacts : (quick ? 300 : 500);
        Path dir = Files.createTempDirectory("contacts-bridge-bench");
        Map<String, String> settings = new LinkedHashMap<>();
        // real free ports: the sandbox points the connectors at http://localhost:<HTTP_PORT>/sandbox/...
        settings.put(Bridge.HTTP_PORT, String.valueOf(freePort()));
        settings.put(Bridge.MANAGEMENT_PORT, String.valueOf(freePort()));
        settings.put(Bridge.BIND_HOST, "127.0.0.1");
        settings.put("bridge.db.url", "jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath());
        settings.put("bridge.poll.enabled", "false");
        settings.put("toggl.subscribe-on-start", "false");
        // the pacer starts from what the real API allows, until the first answer's headers say more
        settings.put("highlevel.rate.max", String.valueOf(HIGHLEVEL_LIMIT));
        settings.put("highlevel.rate.interval-ms", String.valueOf(intervalMs));
        RateBudgetBench.Result rate;
        try (Bridge bridge = Bridge.start(Bridge.Mode.SANDBOX, settings)) {
            rate = RateBudgetBench.run(bridge, n, HIGHLEVEL_LIMIT, intervalMs, threads);
        } catch (ConfigException e) {
            System.err.println("contacts-bridge bench: configuration error: " + e.getMessage());
            return 3;
        }
        boolean rateOk = rate.ratio() >= 0.95;
        boolean no429 = rate.http429() == 0;
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rate_ratio", round(rate.ratio()));
            out.put("http_429", rate.http429());
            out.put("rate_requests", rate.requests());
            out.put("rate_elapsed_s", round(rate.elapsedSeconds()));
            out.put("rate_achieved_per_s", round(rate.achievedPerSecond()));
            out.put("rate_allowed_per_s", round(rate.allowedPerSecond()));
            out.put("rate_failures", rate.failures());
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf("%-42s %14s %10s %s%n", "measure", "value", "target", "");
            System.out.printf("%-42s %14s %10s %s%n", "rate budget: achieved / allowed rate",
                    String.format("%.3f", rate.ratio()), ">= 0.95", rateOk ? "ok" : "MISSED");
            System.out.printf("%-42s %14d %10s %s%n", "rate budget: HTTP 429 answers", rate.http429(), "0",
                    no429 ? "ok" : "MISSED");
            System.out.printf("%-42s %14s %10s%n", "rate budget: requests / seconds",
                    rate.requests() + " / " + String.format("%.1f", rate.elapsedSeconds()), "");
            System.out.printf("%-42s %14s %10s%n", "rate budget: achieved / allowed per s",
                    String.format("%.1f / %.1f", rate.achievedPerSecond(), rate.allowedPerSecond()), "");
            System.out.printf("(%d contacts, limit %d per %d ms, %d producers, %d failed calls)%n",
                    rate.contacts(), rate.limit(), rate.intervalMs(), threads, rate.failures());
        }
        return rateOk && no429 && rate.failures() == 0 ? 0 : 1;
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
