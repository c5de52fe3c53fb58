package io.contactsbridge.hubstaff;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;

/**
 * The 15-minute poll of Hubstaff, through the operation routes. Clients, projects and to-dos have no
 * date filter: each cycle pages through them ({@code status=all} for clients and projects; to-dos
 * {@code active} and {@code completed}) and only records whose content hash changed become changes
 * ({@link HubstaffRecordHashes}); a record missing from its list is gone (deleted). Members are read
 * by {@code updated_at[start]} (watermark with an overlap), daily activities by date range (today
 * and the days before it, {@code hubstaff.activity-days}), summed per client and day. A quiet cycle
 * costs six calls (more only for lists over 100) and puts nothing in the inbox.
 *
 * <p>Watermark: {@code gen=<n>;members=<ISO instant>}: the generation the record hashes count up to,
 * and the newest member {@code updated_at} seen.
 */
public class HubstaffPoller implements SourcePoller {
    /** Members read again before the watermark (updated_at has one-second precision; clocks differ). */
    static final long MEMBER_OVERLAP_SECONDS = 120;

    private final Operations operations;
    private final HubstaffRecordHashes hashes;
    private final HubstaffDirectory directory;
    private final int activityDays;
    private final Clock clock;

    public HubstaffPoller(Operations operations, HubstaffRecordHashes hashes, HubstaffDirectory directory, int activityDays,
                          Clock clock) {
        this.operations = operations;
        this.hashes = hashes;
        this.directory = directory;
        this.activityDays = activityDays;
        this.clock = clock;
    }

    @Override
    public String source() {
        return HubstaffChanges.SOURCE;
    }

    @Override
    public Result poll(String watermark) {
        Map<String, String> marks = parse(watermark);
        long generation = marks.containsKey("gen") ? Long.parseLong(marks.get("gen")) : 0;
        Cycle cycle = new Cycle(generation + 1);
        List<Map<String, Object>> clients = list("list-clients", "clients", Map.of("status", "all"));
        cycle.compare(HubstaffEntities.CLIENT, clients, row -> "archived".equals(row.get("status")) ? Action.UPDATED : null);
        List<Map<String, Object>> projects = list("list-projects", "projects", Map.of("status", "all"));
        projects.forEach(directory::rememberProject);
        cycle.compare(HubstaffEntities.PROJECT, projects, row -> null);
        List<Map<String, Object>> todos = new ArrayList<>(list("list-tasks", "tasks", Map.of("status", "active")));
        todos.addAll(list("list-tasks", "tasks", Map.of("status", "completed")));
        cycle.compare(HubstaffEntities.TODO, todos, row -> "completed".equals(row.get("status")) ? Action.COMPLETED : null);
        String membersMark = readMembers(cycle, marks.get("members"));
        cycle.compareDays(readDays());
        Map<String, String> next = new LinkedHashMap<>();
        next.put("gen", String.valueOf(cycle.wrote ? cycle.generation : generation));
        if (membersMark != null) {
            next.put("members", membersMark);
        }
        return new Result(cycle.changes, format(next));
    }

    private String readMembers(Cycle cycle, String mark) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("include", "users");
        query.put("include_removed", "true");
        if (mark != null) {
            query.put("updated_at[start]", Instant.parse(mark).minusSeconds(MEMBER_OVERLAP_SECONDS).toString());
        }
        Map<String, Object> answer = page("list-members", query);
        List<Map<String, Object>> members = new ArrayList<>();
        Map<Object, Map<String, Object>> users = new LinkedHashMap<>();
        for (Map<String, Object> u : rows(answer.get("users"))) {
            users.put(HubstaffChanges.id(u.get("id")), u);
        }
        String newest = mark;
        for (Map<String, Object> m : rows(answer.get("members"))) {
            Map<String, Object> member = HubstaffDirectory.member(m, users.get(HubstaffChanges.id(m.get("user_id"))));
            directory.rememberMember(member);
            members.add(member);
            Instant at = HubstaffChanges.instant(m.get("updated_at"));
            if (at != null && (newest == null || at.isAfter(Instant.parse(newest)))) {
                newest = at.toString();
            }
        }
        // members are read by date: absence means unchanged, never gone
        cycle.compareSome(HubstaffEntities.MEMBER, members,
                row -> "removed".equals(row.get("membership_status")) ? Action.DELETED : null);
        return newest;
    }

    private Map<String, Map<String, Object>> readDays() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("date[start]", today.minusDays(activityDays - 1L).toString());
        query.put("date[stop]", today.toString());
        List<Map<String, Object>> activities = list("list-daily-activities", "daily_activities", query);
        return HubstaffActivityDays.sum(activities, directory);
    }

    private List<Map<String, Object>> list(String operation, String key, Map<String, Object> query) {
        return rows(page(operation, query).get(key));
    }

    private Map<String, Object> page(String operation, Map<String, Object> query) {
        Map<String, Object> headers = new LinkedHashMap<>(query);
        headers.put(ApiClient.FOLLOW_PAGES, "true");
        return operations.callForMap(operation, headers, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** What one cycle found, and the hashes it noted as pending. */
    private final class Cycle {
        final long generation;
        final List<CanonicalChange> changes = new ArrayList<>();
        boolean wrote;

        Cycle(long generation) {
            this.generation = generation;
        }

        interface ActionOf {
            Action of(Map<String, Object> row);
        }

        /** A full list: changed rows are changes, and rows no longer listed are gone. */
        void compare(Entity entity, List<Map<String, Object>> rows, ActionOf special) {
            Map<String, String> known = hashes.confirmed(entity.wire(), generation - 1);
            Set<String> seen = compareRows(entity, rows, special, known);
            for (Map.Entry<String, String> k : known.entrySet()) {
                if (!seen.contains(k.getKey()) && !HubstaffRecordHashes.GONE.equals(k.getValue())) {
                    Map<String, Object> gone = new LinkedHashMap<>();
                    gone.put("id", k.getKey());
                    gone.put("status", "deleted");
                    add(entity, Action.DELETED, k.getKey(), gone, HubstaffRecordHashes.GONE);
                }
            }
        }

        /** A partial list (read by date): changed rows only. */
        void compareSome(Entity entity, List<Map<String, Object>> rows, ActionOf special) {
            compareRows(entity, rows, special, hashes.confirmed(entity.wire(), generation - 1));
        }

        void compareDays(Map<String, Map<String, Object>> days) {
            compareSome(HubstaffEntities.CLIENT_DAY, new ArrayList<>(days.values()), row -> null);
        }

        private Set<String> compareRows(Entity entity, List<Map<String, Object>> rows, ActionOf special, Map<String, String> known) {
            Set<String> seen = new HashSet<>();
            for (Map<String, Object> row : rows) {
                String id = HubstaffChanges.id(row.get("id"));
                if (id == null || !seen.add(id)) {
                    continue;
                }
                String hash = HubstaffChanges.contentHash(row);
                String before = known.get(id);
                if (hash.equals(before)) {
                    continue;
                }
                Action action = special.of(row);
                if (action == null) {
                    action = before == null || HubstaffRecordHashes.GONE.equals(before) ? Action.CREATED : Action.UPDATED;
                }
                add(entity, action, id, row, hash);
            }
            return seen;
        }

        private void add(Entity entity, Action action, String id, Map<String, Object> row, String hash) {
            changes.add(HubstaffChanges.change(entity, action, id, row));
            hashes.pending(entity.wire(), id, hash, generation);
            wrote = true;
        }
    }

    static Map<String, String> parse(String watermark) {
        Map<String, String> marks = new LinkedHashMap<>();
        if (watermark != null) {
            for (String part : watermark.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    marks.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return marks;
    }

    static String format(Map<String, String> marks) {
        StringBuilder sb = new StringBuilder();
        marks.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }
}
