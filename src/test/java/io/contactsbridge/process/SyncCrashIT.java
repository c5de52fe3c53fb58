package io.contactsbridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.testing.JarProcess;
import io.contactsbridge.testing.Robustness;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * Crash test: the bridge, as its own process, takes 1,000 signed Toggl webhooks over HTTP and is
 * killed with SIGKILL while it applies them, then restarted. Each event makes a contact without
 * e-mail or phone and a note on it (no look-up by e-mail can deduplicate them), counted in the
 * simulators, which run in another process so their state survives the kill: every effect exactly
 * once, nothing acknowledged lost.
 */
class SyncCrashIT {
    static final int EVENTS = 1000;

    @Test
    void killedInTheMiddleOfAThousandWebhooksAppliesEachExactlyOnce() throws Exception {
        try (Cluster cluster = new Cluster(3600)) {
            Path workDir = Cluster.workDir();
            int http = TestBridge.freePort();
            int management = TestBridge.freePort();
            Map<String, String> env = cluster.bridgeEnv(http, management);
            env.put("BRIDGE_INBOX_LEASE_SECONDS", "5");
            env.put("BRIDGE_POLL_ENABLED", "false");

            AtomicInteger acknowledged = new AtomicInteger();
            long doneAtKill;
            try (JarProcess first = JarProcess.start(workDir, env)) {
                Cluster.awaitReady(first, management);
                ExecutorService senders = Executors.newFixedThreadPool(8);
                List<Future<Integer>> posts = new java.util.ArrayList<>();
                for (int n = 1; n <= EVENTS; n++) {
                    Cluster.Event e = cluster.event(n);
                    posts.add(senders.submit(() -> Cluster.post(http, e)));
                }
                for (Future<Integer> f : posts) {
                    int status = f.get(120, TimeUnit.SECONDS);
                    assertThat(status).as("webhook answer").isBetween(200, 299);
                    acknowledged.incrementAndGet();
                }
                senders.shutdown();
                long deadline = System.currentTimeMillis() + 120_000;
                while (cluster.inbox().getOrDefault("DONE", 0L) < EVENTS / 4) {
                    if (System.currentTimeMillis() > deadline || !first.process().isAlive()) {
                        throw new AssertionError("the bridge did not get going: " + first.output());
                    }
                    Thread.sleep(20);
                }
                first.kill();
                doneAtKill = cluster.inbox().getOrDefault("DONE", 0L);
            }
            assertThat(doneAtKill).as("killed in the middle").isLessThan(EVENTS);

            try (JarProcess second = JarProcess.start(workDir, env)) {
                long deadline = System.currentTimeMillis() + 300_000;
                while (ReplicasIT.pending(cluster.inbox()) > 0) {
                    if (System.currentTimeMillis() > deadline || !second.process().isAlive()) {
                        throw new AssertionError("the restarted bridge did not finish: " + cluster.inbox() + "\n" + second.output());
                    }
                    Thread.sleep(200);
                }
                assertThat(cluster.inbox().getOrDefault("DEAD", 0L)).as(second.output()).isZero();
                assertThat(second.terminate(Duration.ofSeconds(60))).isZero();
            }
            List<String> problems = cluster.effectProblems(EVENTS);
            assertThat(problems).as("effects missing or doubled (" + problems.size() + ")").isEmpty();
            assertThat(cluster.inbox().get("DONE")).isEqualTo(EVENTS);
            Robustness.summary("crash (SIGKILL)", acknowledged.get() + " signed webhooks acknowledged; killed after "
                    + doneAtKill + " applied; after restart " + EVENTS + " contacts without e-mail and " + EVENTS
                    + " notes, 0 lost, 0 duplicates, 0 dead letters");
        }
    }
}
