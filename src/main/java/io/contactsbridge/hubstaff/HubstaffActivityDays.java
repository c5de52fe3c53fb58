package io.contactsbridge.hubstaff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Daily activities (one row per user, project, task and day, {@code tracked} in seconds) summed per
 * client and day: the record behind one note per contact per day. Time on projects without a client
 * is left out (no contact to put it on).
 */
final class HubstaffActivityDays {
    private HubstaffActivityDays() {
    }

    /** {@code <client id>:<date>} -> {id, client_id, date, tracked, projects (names), project_ids, members}. */
    static Map<String, Map<String, Object>> sum(List<Map<String, Object>> activities, HubstaffDirectory directory) {
        Map<String, Day> days = new TreeMap<>();
        for (Map<String, Object> a : activities) {
            Map<String, Object> project = directory.project(a.get("project_id"));
            String client = project == null ? null : HubstaffChanges.id(project.get("client_id"));
            Object date = a.get("date");
            if (client == null || date == null) {
                continue;
            }
            Day day = days.computeIfAbsent(client + ":" + date, k -> new Day(client, String.valueOf(date)));
            day.tracked += a.get("tracked") instanceof Number n ? n.longValue() : 0;
            day.projects.add(String.valueOf(project.get("name")));
            day.projectIds.add(HubstaffChanges.id(project.get("id")));
            if (a.get("user_id") != null) {
                day.members.add(HubstaffChanges.id(a.get("user_id")));
            }
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        days.forEach((id, d) -> out.put(id, d.toMap(id)));
        return out;
    }

    private static final class Day {
        final String client;
        final String date;
        long tracked;
        final Set<String> projects = new LinkedHashSet<>();
        final Set<String> projectIds = new LinkedHashSet<>();
        final Set<String> members = new LinkedHashSet<>();

        Day(String client, String date) {
            this.client = client;
            this.date = date;
        }

        Map<String, Object> toMap(String id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("client_id", client);
            m.put("date", date);
            m.put("tracked", tracked);
            m.put("projects", new ArrayList<>(new java.util.TreeSet<>(projects)));
            m.put("project_ids", new ArrayList<>(new java.util.TreeSet<>(projectIds)));
            m.put("members", members.size());
            return m;
        }
    }
}
