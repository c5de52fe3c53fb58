package io.contactsbridge.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.Connectors;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;
import io.contactsbridge.sandbox.SimulatorRegistry;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;

/**
 * Toggl quota, counted as it is spent: Toggl's quota is a sliding hour (Free plan: 30 requests to
 * the workspace and 30 to {@code /me} per hour), and the poll runs every 15 minutes. The simulators
 * run in their own in-process bridge (Free plan), so the bridge under test can be restarted against
 * them. After the initial sync, {@value #CYCLES} cycles run as they would in 75 minutes: before
 * each, the Toggl simulator's clock moves 15 minutes on (its quota window and leaky bucket with it,
 * never reset) and records of every kind are updated, created and deleted; before cycle
 * {@value #RESTART_BEFORE} the bridge is restarted (cold caches). After each cycle every change
 * must be in HighLevel: new contacts, tags, tasks and notes, renamed tags and tasks, edited notes,
 * deleted tasks and notes gone. Figures: Toggl calls per cycle (steady and after the restart), the
 * most calls in any sliding hour of each quota, refusals (402/429), what is missing.
 */
final class TogglPollBench implements BenchSection {
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CYCLE = Duration.ofMinutes(15);
    static final int CYCLES = 5;
    static final int RESTART_BEFORE = 4;
    /** The plan whose quota the figures are checked against. */
    static final String PLAN = "free";
    static final int PLAN_QUOTA_PER_HOUR = 30;
    /** Enough that the deleted records (one per cycle) are never the updated ones. */
    static final int MIN_CLIENTS = 8;

    /** One measured cycle; the "in hour" counts are the simulator's sliding-hour usage right after it. */
    record Cycle(int number, boolean afterRestart, int changes, int calls, int pollCalls, long meCallsInHour,
                 long workspaceCallsInHour, int refusals, int missing) {
    }

    record Result(int records, List<Cycle> cycles, int deadLetters) {
        int steadyMaxCalls() {
            return cycles.stream().filter(c -> !c.afterRestart()).mapToInt(Cycle::calls).max().orElse(0);
        }

        int restartCalls() {
            return cycles.stream().filter(Cycle::afterRestart).mapToInt(Cycle::calls).max().orElse(0);
        }

        long meCallsInHour() {
            return cycles.stream().mapToLong(Cycle::meCallsInHour).max().orElse(0);
        }

        long workspaceCallsInHour() {
            return cycles.stream().mapToLong(Cycle::workspaceCallsInHour).max().orElse(0);
        }

        int refusals() {
            return cycles.stream().mapToInt(Cycle::refusals).sum();
        }

        int missing() {
            return cycles.stream().mapToInt(Cycle::missing).sum();
        }

        int changes() {
            return cycles.stream().mapToInt(Cycle::changes).sum();
        }
    }

    @Override
    public String name() {
        return "toggl-quota";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        return figures(run(run, run.quick ? MIN_CLIENTS : 24, BenchRun.HIGHLEVEL_LIMIT, run.highLevelIntervalMs));
    }

    static List<Figure> figures(Result r) {
        return List.of(
                Figure.atMost("toggl_calls_per_poll", "Toggl quota: Toggl calls per poll cycle, all kinds changed ("
                        + r.changes() + " changes in " + r.cycles().size() + " cycles)", r.steadyMaxCalls(), "", 4),
                Figure.atMost("toggl_calls_restart_cycle", "Toggl quota: Toggl calls of the first cycle after a restart",
                        r.restartCalls(), "", 4),
                Figure.atMost("toggl_me_calls_per_hour", "Toggl quota: /me calls in the busiest sliding hour ("
                        + PLAN + " plan)", r.meCallsInHour(), "", PLAN_QUOTA_PER_HOUR),
                Figure.atMost("toggl_workspace_calls_per_hour", "Toggl quota: workspace calls in the busiest sliding hour ("
                        + PLAN + " plan)", r.workspaceCallsInHour(), "", PLAN_QUOTA_PER_HOUR),
                Figure.exactly("toggl_quota_refusals", "Toggl quota: requests Toggl refused (402, 429)", r.refusals(), "", 0),
                Figure.exactly("toggl_poll_missing", "Toggl quota: creates, updates and deletes missing in HighLevel",
                        r.missing(), "", 0),
                Figure.exactly("toggl_poll_dead_letters", "Toggl quota: dead letters", r.deadLetters(), "", 0));
    }

    static Result run(BenchRun run, int clients, int highLevelLimit, long highLevelIntervalMs) throws Exception {
        return run(run.dir().resolve("toggl-quota-" + System.nanoTime()), clients, highLevelLimit, highLevelIntervalMs);
    }

    /**
     * @param store   where the bridge under test keeps its H2 store (kept across its restart)
     * @param clients Toggl clients seeded, each with a project, a task and a time entry (at least {@value #MIN_CLIENTS})
     */
    static Result run(Path store, int clients, int highLevelLimit, long highLevelIntervalMs) throws Exception {
        HighLevelSimulator highLevel = new HighLevelSimulator();
        TogglSimulator toggl = new TogglSimulator();
        SimulatorRegistry simulators = new SimulatorRegistry(List.of(highLevel, toggl));
        Map<String, String> simSettings = new LinkedHashMap<>();
        simSettings.put(Bridge.HTTP_PORT, String.valueOf(BenchRun.freePort()));
        simSettings.put(Bridge.MANAGEMENT_PORT, String.valueOf(BenchRun.freePort()));
        simSettings.put(Bridge.BIND_HOST, "127.0.0.1");
        try (Bridge simulatorHost = Bridge.start(Bridge.Mode.SIMULATE, simSettings, List.of(), simulators)) {
            String root = "http://127.0.0.1:" + simSettings.get(Bridge.HTTP_PORT);
            Map<String, String> settings = bridgeSettings(store, simulators.connectorSettings(root), highLevelLimit,
                    highLevelIntervalMs);
            Bridge bridge = startBridge(settings);
            try {
                Cycles cycles = new Cycles(new SandboxSync(bridge, simulators, highLevelLimit, highLevelIntervalMs, true),
                        clients);
                toggl.limits(Map.of("plan", "premium")); // the initial sync of all records is not what is measured
                cycles.initialSync();
                toggl.limits(Map.of("plan", PLAN));
                toggl.resetUsage(); // the initial sync is a one-off; the measured hours are steady state
                ShiftedClock clock = new ShiftedClock();
                toggl.clock(clock); // one clock from here on: moving it lets the bucket leak and the hour slide
                List<Cycle> measured = new ArrayList<>();
                for (int k = 1; k <= CYCLES; k++) {
                    boolean restart = k == RESTART_BEFORE;
                    if (restart) {
                        bridge.close();
                        bridge = startBridge(settings);
                        cycles.reconnect(new SandboxSync(bridge, simulators, highLevelLimit, highLevelIntervalMs, false));
                    }
                    clock.shift(CYCLE);
                    measured.add(cycles.measure(k, restart));
                }
                return new Result(clients * 4, measured, cycles.sync.openDeadLetters());
            } finally {
                bridge.close();
            }
        }
    }

    /** The system clock plus a shift that only grows: 15 minutes pass between cycles in no time. */
    static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration more) {
            shift = shift.plus(more);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(shift);
        }
    }

    /** The bridge under test, against the simulators of the other bridge; polls only when the bench says. */
    static Map<String, String> bridgeSettings(Path store, Map<String, String> connectors, int highLevelLimit,
                                              long highLevelIntervalMs) {
        Map<String, String> settings = new LinkedHashMap<>(connectors);
        settings.put(Bridge.BIND_HOST, "127.0.0.1");
        settings.put("bridge.db.url", "jdbc:h2:file:" + store.resolve("bridge").toAbsolutePath());
        settings.put("bridge.poll.enabled", "false");
        settings.put("toggl.subscribe-on-start", "false");
        settings.put("highlevel.rate.max", String.valueOf(highLevelLimit));
        settings.put("highlevel.rate.interval-ms", String.valueOf(highLevelIntervalMs));
        return settings;
    }

    static Bridge startBridge(Map<String, String> settings) throws java.io.IOException {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(Bridge.HTTP_PORT, String.valueOf(BenchRun.freePort()));
        s.put(Bridge.MANAGEMENT_PORT, String.valueOf(BenchRun.freePort()));
        return Bridge.start(Bridge.Mode.RUN, s, Connectors.discover(), new SimulatorRegistry(List.of()));
    }

    /** The changes of each cycle and the check that they arrived. */
    static final class Cycles {
        private final String run = Long.toString(System.currentTimeMillis(), 36);
        private final int clients;
        private SandboxSync sync;
        private List<EconomyBench.Seeded> seeded;

        Cycles(SandboxSync sync, int clients) {
            if (clients < MIN_CLIENTS) {
                throw new IllegalArgumentException("the Toggl quota section needs at least " + MIN_CLIENTS + " clients");
            }
            this.sync = sync;
            this.clients = clients;
        }

        void reconnect(SandboxSync after) {
            this.sync = after;
        }

        void initialSync() throws Exception {
            seeded = EconomyBench.seed(sync, run, clients);
            sync.resetWatermarks();
            for (int i = 0; i < 2; i++) { // the second reads what the first one's writes changed
                sync.cycle();
                sync.awaitDrained(DRAIN_TIMEOUT);
            }
            int missing = EconomyBench.missing(sync, seeded, run, 0);
            if (missing > 0) {
                throw new IllegalStateException(missing + " record(s) missing in HighLevel after the initial sync");
            }
        }

        /**
         * Cycle {@code k}: a third of the records updated (client notes, project name, task name,
         * time entry description), two new sets created, the task and time entry of one record deleted.
         */
        Cycle measure(int k, boolean afterRestart) throws Exception {
            int updated = Math.max(1, clients / 3);
            int changes = 0;
            for (int i = 0; i < updated; i++) {
                EconomyBench.Seeded s = seeded.get(i);
                sync.toggl.updateClient(s.client(), Map.of("notes", notes(i, k)));
                sync.toggl.updateProject(s.project(), Map.of("name", project(i, k)));
                sync.toggl.updateTask(s.task(), Map.of("name", task(i, k)));
                sync.toggl.updateTimeEntry(s.timeEntry(), Map.of("description", work(i, k)));
                changes += 4;
            }
            String addedRun = run + "n" + k;
            List<EconomyBench.Seeded> added = EconomyBench.seed(sync, addedRun, 2);
            changes += added.size() * 4;
            int gone = clients - k; // never one of the updated ones
            EconomyBench.Seeded deleted = seeded.get(gone);
            sync.toggl.deleteTimeEntry(deleted.timeEntry());
            sync.toggl.deleteTask(deleted.task());
            changes += 2;

            sync.clearLogs();
            sync.cycleKeepingUsage();
            int pollCalls = sync.togglLog.entries().size();
            sync.awaitDrained(DRAIN_TIMEOUT);
            List<RequestLog.Entry> calls = sync.togglLog.entries();
            int refusals = (int) calls.stream().filter(e -> e.status() == 402 || e.status() == 429).count();
            Map<String, Object> limits = sync.toggl.limits();

            int missing = EconomyBench.missing(sync, added, addedRun, 0);
            missing += EconomyBench.missing(sync, seeded.subList(0, updated), run, 0, i -> "Economy " + run + " Client " + i,
                    i -> project(i, k), i -> task(i, k), i -> work(i, k));
            missing += missingNotes(updated, k);
            missing += stillThere(gone);
            return new Cycle(k, afterRestart, changes, calls.size(), pollCalls,
                    ((Number) limits.get("userCallsInWindow")).longValue(),
                    ((Number) limits.get("orgCallsInWindow")).longValue(), refusals, missing);
        }

        /** Updated client notes not on their contact. */
        private int missingNotes(int updated, int k) {
            int missing = 0;
            for (int i = 0; i < updated; i++) {
                String body = notes(i, k);
                String contactId = contactId("Economy " + run + " Client " + i);
                missing += contactId != null && sync.highLevel.notes(contactId).stream()
                        .anyMatch(n -> body.equals(n.get("body"))) ? 0 : 1;
            }
            return missing;
        }

        /** The deleted task and time entry still in HighLevel (0, 1 or 2). */
        private int stillThere(int i) {
            String contactId = contactId("Economy " + run + " Client " + i);
            if (contactId == null) {
                return 2;
            }
            String title = "Economy task " + run + " " + i;
            String work = "Economy work " + run + " " + i;
            int left = sync.highLevel.tasks(contactId).stream().anyMatch(t -> title.equals(t.get("title"))) ? 1 : 0;
            left += sync.highLevel.notes(contactId).stream().anyMatch(n -> String.valueOf(n.get("body")).contains(work))
                    ? 1 : 0;
            return left;
        }

        private String contactId(String company) {
            return sync.highLevel.contacts().stream().filter(c -> company.equals(c.get("companyName")))
                    .map(c -> String.valueOf(c.get("id"))).findFirst().orElse(null);
        }

        private String notes(int i, int k) {
            return "Account " + i + " renewed in cycle " + k;
        }

        private String project(int i, int k) {
            return "Economy Project " + run + " v" + k + " " + i;
        }

        private String task(int i, int k) {
            return "Economy task " + run + " v" + k + " " + i;
        }

        private String work(int i, int k) {
            return "Economy work " + run + " v" + k + " " + i;
        }
    }
}
