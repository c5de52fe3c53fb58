package io.contactsbridge.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;

/**
 * Toggl quota: Toggl's Free plan allows about 30 requests an hour, and the poll runs every 15
 * minutes. With every entity kind the poll reads (clients, projects, tasks, time entries) present,
 * and changed, created and deleted in Toggl since the last cycle, one cycle runs, its changes are
 * applied, and every request that reached the Toggl simulator from the cycle's start until the inbox
 * is empty is counted: the poll's reads and whatever the flows asked Toggl while applying them.
 */
final class TogglPollBench implements BenchSection {
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    record Result(int records, int changes, int calls, int pollCalls, int missing, int deadLetters) {
    }

    @Override
    public String name() {
        return "toggl-quota";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        Result r = run(run.sandbox(), run.quick ? 10 : 40, BenchRun.HIGHLEVEL_LIMIT, run.highLevelIntervalMs);
        return List.of(
                Figure.atMost("toggl_calls_per_poll", "Toggl quota: Toggl calls per poll cycle, all kinds changed ("
                        + r.changes() + " changes)", r.calls(), "", 4),
                Figure.info("toggl_poll_reads", "Toggl quota: of which the poll's reads", r.pollCalls(), ""),
                Figure.exactly("toggl_poll_missing", "Toggl quota: changes missing in HighLevel after the cycle",
                        r.missing(), "", 0),
                Figure.exactly("toggl_poll_dead_letters", "Toggl quota: dead letters", r.deadLetters(), "", 0));
    }

    static Result run(Bridge bridge, int clients, int highLevelLimit, long highLevelIntervalMs) throws Exception {
        try (SandboxSync sync = new SandboxSync(bridge, highLevelLimit, highLevelIntervalMs)) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<EconomyBench.Seeded> seeded = EconomyBench.seed(sync, run, clients);
            sync.resetWatermarks();
            sync.cycle();
            sync.awaitDrained(DRAIN_TIMEOUT);
            sync.cycle(); // what the first cycle's overlap and writes bring back, so the measured one counts only the changes
            sync.awaitDrained(DRAIN_TIMEOUT);

            Thread.sleep(1100); // Toggl's "at" has whole seconds: the changes must be newer than the watermark
            int half = Math.max(1, clients / 2);
            int changes = 0;
            for (int i = 0; i < half; i++) {
                EconomyBench.Seeded s = seeded.get(i);
                sync.toggl.updateClient(s.client(), Map.of("notes", "Account " + i + " renewed"));
                sync.toggl.updateProject(s.project(), Map.of("name", "Economy Project " + run + " v2 " + i));
                sync.toggl.updateTask(s.task(), Map.of("active", false));
                sync.toggl.updateTimeEntry(s.timeEntry(), Map.of("description", "Economy work " + run + " v2 " + i));
                changes += 4;
            }
            // new records of every kind, parents and children in the same cycle
            List<EconomyBench.Seeded> added = EconomyBench.seed(sync, run + "n", half);
            changes += added.size() * 4;
            // and one deletion of each kind that can be deleted without its parent
            EconomyBench.Seeded last = seeded.get(clients - 1);
            sync.toggl.deleteTimeEntry(last.timeEntry());
            sync.toggl.deleteTask(last.task());
            changes += 2;

            sync.clearLogs();
            sync.cycle();
            int pollCalls = sync.togglLog.entries().size();
            sync.awaitDrained(DRAIN_TIMEOUT);
            int calls = sync.togglLog.entries().size();
            int missing = EconomyBench.missing(sync, added, run + "n", 0);
            return new Result(clients * 4, changes, calls, pollCalls, missing, sync.openDeadLetters());
        }
    }
}
