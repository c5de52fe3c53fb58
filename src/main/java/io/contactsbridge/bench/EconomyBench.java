package io.contactsbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.RequestLog;

/**
 * Write economy: the sandbox simulators hold N Toggl clients, each with a project, a task and a
 * time entry, and HighLevel contacts (some tagged {@code toggl}, so they become Toggl clients).
 * Poll cycles bring everything across. Then:
 *
 * <ol>
 * <li>a full re-sync of the unchanged data: both watermarks reset and the processed inbox rows
 * forgotten (as after the retention), so every record goes through its flow again. Every write
 * that reaches either simulator is a wasted one: the target is 0;</li>
 * <li>K records changed in the sources (clients, projects, tasks, time entries, tagged contacts),
 * one ordinary poll cycle: every call to either simulator, reads and writes, poll included,
 * divided by K. Target at most 2.</li>
 * </ol>
 */
final class EconomyBench implements BenchSection {
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    record Result(int records, int changed, int resyncChanges, int unchangedWrites, int resyncCalls,
                  int changedCalls, double callsPerChangedRecord, int missing, int missingChanges, int deadLetters,
                  Map<String, Long> changedCallsByRequest) {
    }

    @Override
    public String name() {
        return "economy";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        int clients = run.quick ? 15 : 60;
        int changedClients = run.quick ? 5 : 20;
        Result r = run(run.sandbox(), clients, 3, 5, changedClients, BenchRun.HIGHLEVEL_LIMIT, run.highLevelIntervalMs);
        return List.of(
                Figure.exactly("unchanged_writes", "write economy: writes in a full re-sync of unchanged data ("
                        + r.records() + " records)", r.unchangedWrites(), "", 0),
                Figure.atMost("calls_per_changed_record", "write economy: API calls per changed record ("
                        + r.changed() + " changed)", r.callsPerChangedRecord(), "", 2),
                Figure.exactly("economy_missing", "write economy: source records missing in HighLevel after the sync",
                        r.missing(), "", 0),
                Figure.exactly("economy_changes_missing", "write economy: changed records not changed in HighLevel",
                        r.missingChanges(), "", 0),
                Figure.exactly("economy_dead_letters", "write economy: dead letters", r.deadLetters(), "", 0),
                Figure.info("economy_records", "write economy: records synced", r.records(), ""),
                Figure.info("economy_resync_changes", "write economy: changes re-read by the full re-sync",
                        r.resyncChanges(), ""),
                Figure.info("economy_resync_calls", "write economy: calls of the full re-sync (reads)", r.resyncCalls(), ""),
                Figure.info("economy_changed_calls", "write economy: calls for the changed records", r.changedCalls(), ""));
    }

    /**
     * @param clients        Toggl clients, each with one project, task and time entry
     * @param taggedContacts HighLevel contacts tagged {@code toggl} (each becomes a Toggl client)
     * @param otherContacts  HighLevel contacts no flow writes anywhere
     * @param changedClients clients whose client, project, task and time entry all change
     */
    static Result run(Bridge bridge, int clients, int taggedContacts, int otherContacts, int changedClients,
                      int highLevelLimit, long highLevelIntervalMs) throws Exception {
        try (SandboxSync sync = new SandboxSync(bridge, highLevelLimit, highLevelIntervalMs)) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<Seeded> seeded = seed(sync, run, clients);
            List<String> tagged = new ArrayList<>();
            for (int i = 0; i < taggedContacts + otherContacts; i++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("firstName", "Economy");
                fields.put("lastName", "Person " + run + " " + i);
                fields.put("email", "economy-" + run + "-" + i + "@example.com");
                fields.put("tags", i < taggedContacts ? List.of("toggl") : List.of("newsletter"));
                Map<String, Object> contact = sync.highLevel.userCreateContact(fields);
                if (i < taggedContacts) {
                    tagged.add(String.valueOf(contact.get("id")));
                }
            }
            int records = clients * 4 + taggedContacts + otherContacts;

            // converge: the first cycle reads everything; a second one reads what the first one's
            // writes changed on the other side (clients made from contacts, contacts updated from them)
            sync.resetWatermarks();
            for (int i = 0; i < 2; i++) {
                sync.cycle();
                sync.awaitDrained(DRAIN_TIMEOUT);
            }
            int missing = missing(sync, seeded, run, taggedContacts);

            // (a) full re-sync of unchanged data
            sync.forgetProcessedEvents();
            sync.resetWatermarks();
            sync.clearLogs();
            int resyncChanges = sync.cycle().sources().stream().mapToInt(s -> s.stored()).sum();
            sync.awaitDrained(DRAIN_TIMEOUT);
            List<RequestLog.Entry> resync = sync.requests();
            int unchangedWrites = (int) resync.stream().filter(SandboxSync::isWrite).count();

            // (b) K changed records, one ordinary cycle
            sync.cycle(); // what the re-sync's own overlap brings, so (b) counts only the changes
            sync.awaitDrained(DRAIN_TIMEOUT);
            Thread.sleep(1100); // Toggl's "at" has whole seconds: the changes must be newer than the watermark
            int changed = 0;
            for (int i = 0; i < Math.min(changedClients, seeded.size()); i++) {
                Seeded s = seeded.get(i);
                sync.toggl.updateClient(s.client, Map.of("name", "Economy " + run + " Renamed " + i));
                sync.toggl.updateProject(s.project, Map.of("name", "Economy Project " + run + " v2 " + i));
                sync.toggl.updateTask(s.task, Map.of("name", "Economy task " + run + " v2 " + i));
                sync.toggl.updateTimeEntry(s.timeEntry, Map.of("description", "Economy work " + run + " v2 " + i));
                changed += 4;
            }
            for (int i = 0; i < Math.min(changedClients, tagged.size()); i++) {
                sync.highLevel.userUpdateContact(tagged.get(i), Map.of("lastName", "Person " + run + " v2 " + i));
                changed++;
            }
            sync.clearLogs();
            sync.cycle();
            sync.awaitDrained(DRAIN_TIMEOUT);
            List<RequestLog.Entry> changedRequests = sync.requests();
            int changedCalls = changedRequests.size();
            int missingChanges = missing(sync, seeded.subList(0, Math.min(changedClients, seeded.size())), run, 0,
                    i -> "Economy " + run + " Renamed " + i, i -> "Economy Project " + run + " v2 " + i,
                    i -> "Economy task " + run + " v2 " + i, i -> "Economy work " + run + " v2 " + i);
            for (int i = 0; i < Math.min(changedClients, tagged.size()); i++) {
                String name = "Economy Person " + run + " v2 " + i;
                missingChanges += sync.toggl.rows("client").stream().anyMatch(c -> name.equals(c.get("name"))) ? 0 : 1;
            }
            return new Result(records, changed, resyncChanges, unchangedWrites, resync.size(), changedCalls,
                    changed == 0 ? Double.NaN : (double) changedCalls / changed, missing, missingChanges,
                    sync.openDeadLetters(), byRequest(changedRequests));
        }
    }

    record Seeded(long client, long project, long task, long timeEntry) {
    }

    static List<Seeded> seed(SandboxSync sync, String run, int clients) {
        Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        List<Seeded> seeded = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long client = id(sync.toggl.createClient("Economy " + run + " Client " + i, "Account " + i));
            long project = id(sync.toggl.createProject("Economy Project " + run + " " + i, client));
            long task = id(sync.toggl.createTask(project, "Economy task " + run + " " + i));
            long entry = id(sync.toggl.createTimeEntry(project, task, "Economy work " + run + " " + i,
                    start.plus(i, ChronoUnit.MINUTES), 1800));
            seeded.add(new Seeded(client, project, task, entry));
        }
        return seeded;
    }

    /**
     * Source records with nothing to show for them in HighLevel: a client without its contact, a
     * project without its tag, a task without its HighLevel task, a time entry without its note; and
     * tagged contacts without a Toggl client.
     */
    @SuppressWarnings("unchecked")
    static int missing(SandboxSync sync, List<Seeded> seeded, String run, int taggedContacts) {
        return missing(sync, seeded, run, taggedContacts, i -> "Economy " + run + " Client " + i,
                i -> "Economy Project " + run + " " + i, i -> "Economy task " + run + " " + i,
                i -> "Economy work " + run + " " + i);
    }

    static int missing(SandboxSync sync, List<Seeded> seeded, String run, int taggedContacts, IntFunction<String> client,
                       IntFunction<String> project, IntFunction<String> task, IntFunction<String> work) {
        int missing = 0;
        List<Map<String, Object>> contacts = sync.highLevel.contacts();
        for (int k = 0; k < seeded.size(); k++) {
            int i = k;
            String company = client.apply(i);
            Map<String, Object> contact = contacts.stream().filter(c -> company.equals(c.get("companyName")))
                    .findFirst().orElse(null);
            if (contact == null) {
                missing += 4;
                continue;
            }
            String contactId = String.valueOf(contact.get("id"));
            List<Object> tags = contact.get("tags") instanceof List<?> l ? (List<Object>) l : List.of();
            String tag = "project:" + project.apply(i);
            missing += tags.stream().anyMatch(t -> tag.equalsIgnoreCase(String.valueOf(t))) ? 0 : 1;
            String taskTitle = task.apply(i);
            missing += sync.highLevel.tasks(contactId).stream().anyMatch(t -> taskTitle.equals(t.get("title"))) ? 0 : 1;
            String entry = work.apply(i);
            missing += sync.highLevel.notes(contactId).stream()
                    .anyMatch(n -> String.valueOf(n.get("body")).contains(entry)) ? 0 : 1;
        }
        for (int i = 0; i < taggedContacts; i++) {
            String name = "Economy Person " + run + " " + i;
            missing += sync.toggl.rows("client").stream().anyMatch(c -> name.equals(c.get("name"))) ? 0 : 1;
        }
        return missing;
    }

    /** {@code PUT /contacts/{id}} and the like: ids replaced by {@code {id}}, counted. */
    static Map<String, Long> byRequest(List<RequestLog.Entry> requests) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (RequestLog.Entry e : requests) {
            String path = e.path().replaceAll("/[0-9]+(?=/|$)", "/{id}").replaceAll("/[A-Za-z0-9]{16,}(?=/|$)", "/{id}");
            out.merge(e.method() + " " + path, 1L, Long::sum);
        }
        return out;
    }

    static long id(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }
}
