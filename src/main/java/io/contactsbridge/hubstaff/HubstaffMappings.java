package io.contactsbridge.hubstaff;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.connector.mapping.ContactNames;

/**
 * Mapping defaults for the Hubstaff flows, bound as {@value #BEAN} so the YAML flows call them
 * ({@code ${bean:hubstaffMap?method=contact(${body}, 'auto', 'hubstaff-client')}}) and keep their
 * choices (name rule, tags, note wording) in the YAML where users edit them.
 */
public class HubstaffMappings {
    public static final String BEAN = "hubstaffMap";
    private final ContactNames names;

    public HubstaffMappings(ContactNames names) {
        this.names = names;
    }

    /**
     * A Hubstaff client (or member) as HighLevel contact fields: the name by the naming rule
     * ({@code auto}, {@code person}, {@code company}), the first e-mail, the phone, the address; the tags
     * (comma-separated) to add.
     */
    public Map<String, Object> contact(Map<String, Object> client, String nameRule, String tags) {
        Map<String, Object> out = new LinkedHashMap<>(names.fields(text(client.get("name")) == null ? ""
                : text(client.get("name")), nameRule));
        String email = firstEmail(client);
        if (email != null) {
            out.put("email", email);
        }
        String phone = text(client.get("phone"));
        if (phone != null) {
            out.put("phone", phone);
        }
        String address = text(client.get("address"));
        if (address != null) {
            out.put("address1", address);
        }
        List<String> tagList = list(tags);
        if (!tagList.isEmpty()) {
            out.put("tags", tagList);
        }
        return out;
    }

    /**
     * A to-do as HighLevel contact task fields: summary -> title, details -> body, {@code due_at} ->
     * dueDate, completed; the assignee when the flow's map knows the assignee's e-mail
     * ({@code e-mail=HighLevel user id}, comma-separated).
     */
    public Map<String, Object> contactTask(Map<String, Object> todo, String assigneeEmail, String assignees) {
        Map<String, Object> out = new LinkedHashMap<>();
        String summary = text(todo.get("summary"));
        out.put("title", summary == null ? "Hubstaff to-do " + todo.get("id") : summary);
        String details = text(todo.get("details"));
        if (details != null) {
            out.put("body", details);
        }
        String due = text(todo.get("due_at"));
        if (due != null) {
            out.put("dueDate", due.length() == 10 ? due + "T00:00:00Z" : due);
        }
        out.put("completed", "completed".equals(todo.get("status")));
        if (assigneeEmail != null) {
            for (String pair : list(assignees)) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(assigneeEmail.trim())) {
                    out.put("assignedTo", pair.substring(eq + 1).trim());
                }
            }
        }
        return out;
    }

    /**
     * A HighLevel contact task as a to-do body: title -> summary, body -> details, dueDate -> due_at,
     * completed (or a TaskComplete event, {@code action} completed) -> status completed.
     */
    public Map<String, Object> todo(Map<String, Object> contactTask, String action) {
        Map<String, Object> out = new LinkedHashMap<>();
        String title = text(contactTask.get("title"));
        out.put("summary", title == null ? "Task" : title);
        String body = text(contactTask.get("body"));
        if (body != null) {
            out.put("details", body);
        }
        String due = text(contactTask.get("dueDate"));
        if (due != null && due.length() >= 10) {
            out.put("due_at", due.substring(0, 10));
        }
        boolean completed = Boolean.TRUE.equals(contactTask.get("completed")) || "completed".equals(action);
        out.put("status", completed ? "completed" : "active");
        return out;
    }

    /** The body with {@code dueDate} {@code days} days from now, unless it has one (HighLevel requires one). */
    public Map<String, Object> withDueDate(Map<String, Object> body, int days) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.putIfAbsent("dueDate", Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS).toString());
        return out;
    }

    /** Only the given keys of a map ({@code completed} for update-task-completed). */
    public Map<String, Object> only(Map<String, Object> body, String keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : list(keys)) {
            if (body.containsKey(k)) {
                out.put(k, body.get(k));
            }
        }
        return out;
    }

    /** {@code 3h 20m}, {@code 45m}, {@code 0m}. */
    public String duration(Object seconds) {
        long s = seconds instanceof Number n ? n.longValue() : seconds == null ? 0 : Long.parseLong(String.valueOf(seconds));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h > 0 ? (m > 0 ? h + "h " + m + "m" : h + "h") : m + "m";
    }

    /**
     * The note of one client's day: {@code "Hubstaff: 3h 20m on Website — 4 members (2026-12-07)"} (the
     * projects comma-separated), as a HighLevel note body.
     */
    public Map<String, Object> dayNote(Map<String, Object> day, String prefix) {
        StringBuilder sb = new StringBuilder(prefix == null ? "Hubstaff: " : prefix).append(duration(day.get("tracked")));
        List<String> projects = list(day.get("projects"));
        if (!projects.isEmpty()) {
            sb.append(" on ").append(String.join(", ", projects));
        }
        long members = day.get("members") instanceof Number n ? n.longValue() : 0;
        sb.append(" \u2014 ").append(members).append(members == 1 ? " member" : " members");
        if (day.get("date") != null) {
            sb.append(" (").append(day.get("date")).append(')');
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("body", sb.toString());
        return note;
    }

    /** {@code <prefix><project name>} tags (lower case, as HighLevel stores tags) for each project of a day. */
    public Map<String, Object> projectTags(Map<String, Object> day, String prefix) {
        List<String> tags = new ArrayList<>();
        for (String name : list(day.get("projects"))) {
            tags.add(((prefix == null ? "" : prefix) + name).toLowerCase(Locale.ROOT));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tags", tags);
        return out;
    }

    private static String firstEmail(Map<String, Object> row) {
        if (row.get("emails") instanceof List<?> emails) {
            for (Object e : emails) {
                if (text(e) != null) {
                    return text(e);
                }
            }
        }
        return text(row.get("email"));
    }

    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> {
                if (text(v) != null) {
                    out.add(text(v));
                }
            });
        } else if (value != null) {
            for (String t : String.valueOf(value).split(",")) {
                if (!t.isBlank()) {
                    out.add(t.trim());
                }
            }
        }
        return out;
    }

    private static String text(Object v) {
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).trim();
    }
}
