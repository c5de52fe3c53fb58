package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.Robustness;
import org.junit.jupiter.api.Test;

/**
 * The bench's process sections, run as a user runs them ({@code bench --quick --json --only
 * footprint,intake} from the jar): they start the jar as a child, drive wrk against it and an echo
 * baseline, and report every figure; every event acknowledged as stored is in the store. Their
 * targets are timings, so they are the bench's to check, not this test's. Needs wrk: skipped
 * without it, except in CI (where {@code .ci/run} installs it).
 */
class JarProcessBenchIT {

    @Test
    void footprintAndIntakeReportEveryFigureAndLoseNoEvent() throws Exception {
        boolean wrk = new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0;
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            assumeTrue(wrk, "wrk is not installed");
        }
        // the bench's child processes log under the suite's logs, which LogSecretsCheck searches
        Map<String, String> env = Map.of("BRIDGE_BENCH_DIR", Robustness.logsDir().resolve("bench").toAbsolutePath().toString());
        JarProcess.Result r = JarProcess.run(JarCommandLineIT.workDir(), env, Duration.ofMinutes(5),
                "bench", "--quick", "--json", "--only", "footprint,intake");
        String json = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        assertThat(json).as(r.output()).isNotEmpty();
        JsonNode figures = new ObjectMapper().readTree(json);
        assertThat(figures.has("errors")).as(json).isFalse();
        assertThat(r.exitCode()).as(json).isIn(0, 1); // 1: a timing target missed on a loaded machine
        for (String key : new String[] {"ready_seconds", "idle_rss_mb", "intake_per_s", "echo_per_s", "intake_ratio",
                "ack_p50_ms", "ack_p99_ms", "rss_after_intake_mb", "intake_warm_up_s"}) {
            assertThat(figures.path(key).isNumber()).as(key + " in " + json).isTrue();
            assertThat(figures.path(key).asDouble()).as(key).isPositive();
        }
        assertThat(figures.path("intake_unstored").asLong(-1)).as(json).isZero();
    }
}
