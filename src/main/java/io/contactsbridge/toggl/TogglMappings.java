package io.contactsbridge.toggl;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.connector.mapping.ContactNames;
import org.apache.camel.Exchange;

/**
 * Mapping defaults for the Toggl flows, bound as {@value #BEAN} so the YAML flows call them
 * ({@code ${bean:togglMap?method=contact(${body}, 'auto', 'toggl-client')}}) and keep their choices
 * (name rule, tags, note format) in the YAML where users edit them.
 */
public class TogglMappings {
    public static final String BEAN = "togglMap";
    private final ContactNames names;

    public TogglMappings() {
        this(ContactNames.parse(ContactNames.DEFAULT_SUFFIXES));
    }

    public TogglMappings(ContactNames names) {
        this.names = names;
    }

    /**
     * A Toggl client as HighLevel contact fields. {@code nameRule}: {@code person} (first words ->
     * firstName, last word -> lastName), {@code company} (companyName only) or {@code auto} (company
     * when the name has a configured company word such as Ltd, Inc, GmbH, a digit or an ampersand,
     * or more than three words; a person otherwise). {@code tags}: comma-separated tags to add.
     */
    public Map<String, Object> contact(Map<String, Object> client, String nameRule, String tags) {
        Map<String, Object> out = new LinkedHashMap<>(
                names.fields(client.get("name") == null ? "" : String.valueOf(client.get("name")), nameRule));
        List<String> tagList = tagList(tags);
        if (!tagList.isEmpty()) {
            out.put("tags", tagList);
        }
        return out;
    }

    /**
     * A Toggl client as HighLevel contact fields, as the flow's YAML maps them (exchange properties, so a
     * user changes them in routes/ and they reload with the flow): {@code mapName} the name rule
     * ({@code auto} | {@code person} | {@code company}, see {@link #contact(Map, String, String)}),
     * {@code mapEmail} ({@code notes}: the first e-mail address in the client's notes; {@code none}),
     * {@code mapTags} (comma-separated), {@code mapCustomFields} ({@code <HighLevel custom field key>=<Toggl
     * client field>}, comma-separated, e.g. {@code toggl_client_id=id}).
     */
    public Map<String, Object> contactFields(Map<String, Object> client, Exchange exchange) {
        String nameRule = property(exchange, "mapName", "auto");
        Map<String, Object> out = contact(client, nameRule, property(exchange, "mapTags", ""));
        if ("notes".equals(property(exchange, "mapEmail", "none"))) {
            String email = emailIn(client.get("notes"));
            if (email != null) {
                out.put("email", email);
            }
        }
        List<Map<String, Object>> custom = new ArrayList<>();
        for (String pair : tagList(property(exchange, "mapCustomFields", ""))) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("mapCustomFields: '" + pair + "' is not <custom field key>=<Toggl client field>");
            }
            Object value = client.get(pair.substring(eq + 1).trim());
            if (value != null) {
                Map<String, Object> field = new LinkedHashMap<>();
                field.put("key", pair.substring(0, eq).trim());
                field.put("field_value", value instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(value));
                custom.add(field);
            }
        }
        if (!custom.isEmpty()) {
            out.put("customFields", custom);
        }
        String business = businessFor(client, property(exchange, "mapBusinessId", ""));
        if (business != null) {
            out.put("businessId", business);
        }
        return out;
    }

    /**
     * The HighLevel business of a client by the flow's {@code mapBusinessId}: empty for none; one
     * business id for every client; or {@code <client name or id>=<business id>} pairs, with
     * {@code *=<business id>} for the others (names compared without case).
     */
    static String businessFor(Map<String, Object> client, String rule) {
        String fallback = null;
        for (String pair : tagList(rule)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                fallback = fallback == null ? pair.trim() : fallback;
                continue;
            }
            String key = pair.substring(0, eq).trim();
            String business = pair.substring(eq + 1).trim();
            if (key.isEmpty() || business.isEmpty()) {
                throw new IllegalArgumentException("mapBusinessId: '" + pair + "' is not <Toggl client name or id>=<business id>");
            }
            if (key.equals("*")) {
                fallback = business;
            } else if (key.equalsIgnoreCase(String.valueOf(client.get("name"))) || key.equals(idText(client.get("id")))) {
                return business;
            }
        }
        return fallback;
    }

    private static String idText(Object id) {
        return id instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(id);
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    /** The first e-mail address in a text (a client's notes), lower case, or null. */
    static String emailIn(Object text) {
        if (text == null) {
            return null;
        }
        Matcher m = EMAIL.matcher(String.valueOf(text));
        return m.find() ? m.group().toLowerCase(Locale.ROOT) : null;
    }

    private static String property(Exchange exchange, String name, String fallback) {
        String v = exchange == null ? null : exchange.getProperty(name, String.class);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** {@code 2h 15m}, {@code 45m}, {@code 30s}; a running entry (negative duration) is {@code running}. */
    public String duration(Object seconds) {
        long s = seconds instanceof Number n ? n.longValue() : seconds == null ? 0 : Long.parseLong(String.valueOf(seconds));
        if (s < 0) {
            return "running";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        if (h > 0) {
            return m > 0 ? h + "h " + m + "m" : h + "h";
        }
        if (m > 0) {
            return m + "m";
        }
        return s + "s";
    }

    /**
     * The note for one time entry: {@code "2h 15m on Project X — description"} (the project part
     * and the description only when there are), then the date, as a HighLevel note body.
     */
    public Map<String, Object> timeEntryNote(Map<String, Object> entry, String projectName) {
        StringBuilder sb = new StringBuilder(duration(entry.get("duration")));
        String project = projectName != null && !projectName.isBlank() ? projectName
                : entry.get("project_name") != null ? String.valueOf(entry.get("project_name")) : null;
        if (project != null && !project.isBlank()) {
            sb.append(" on ").append(project);
        }
        Object description = entry.get("description");
        if (description != null && !String.valueOf(description).isBlank()) {
            sb.append(" \u2014 ").append(String.valueOf(description).trim());
        }
        Object start = entry.get("start");
        if (start != null && String.valueOf(start).length() >= 10) {
            sb.append(" (").append(String.valueOf(start), 0, 10).append(')');
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("body", sb.toString());
        return note;
    }

    /**
     * Tags for a project on its client's contact: {@code <prefix><project name>}, lower case as
     * HighLevel stores tags (e.g. {@code project:website}), so removing it later matches.
     */
    public Map<String, Object> projectTags(Map<String, Object> project, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object name = project.get("name");
        if (name != null && !String.valueOf(name).isBlank()) {
            out.put("tags", List.of(((prefix == null ? "" : prefix) + String.valueOf(name).trim()).toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** A HighLevel contact as a Toggl client body: {@code name} from companyName, else first + last name, else e-mail. */
    public Map<String, Object> client(Map<String, Object> contact) {
        Map<String, Object> out = new LinkedHashMap<>();
        String name = text(contact.get("companyName"));
        if (name == null) {
            String first = text(contact.get("firstName"));
            String last = text(contact.get("lastName"));
            name = first == null ? last : last == null ? first : first + " " + last;
        }
        if (name == null) {
            name = text(contact.get("name"));
        }
        if (name == null) {
            name = text(contact.get("email"));
        }
        if (name != null) {
            out.put("name", name.length() > 100 ? name.substring(0, 100) : name);
        }
        return out;
    }

    /** A HighLevel contact task as a Toggl task body ({@code completed} -> {@code active=false}). */
    public Map<String, Object> task(Map<String, Object> contactTask) {
        Map<String, Object> out = new LinkedHashMap<>();
        String title = text(contactTask.get("title"));
        if (title != null) {
            out.put("name", title.length() > 255 ? title.substring(0, 255) : title);
        }
        // TaskCreate does not say whether the task is done: then Toggl's active state is left as it is
        if (contactTask.get("completed") instanceof Boolean completed) {
            out.put("active", !completed);
        }
        return out;
    }

    /** A HighLevel note body with this text. */
    public Map<String, Object> note(Object text) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("body", text == null ? "" : String.valueOf(text));
        return out;
    }

    /** A Toggl task as HighLevel contact task fields: {@code name -> title}, {@code active=false -> completed}. */
    public Map<String, Object> contactTask(Map<String, Object> task) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", task.get("name") == null ? "Toggl task " + task.get("id") : String.valueOf(task.get("name")));
        out.put("completed", Boolean.FALSE.equals(task.get("active")));
        return out;
    }

    /** The body with {@code dueDate} {@code days} days from now (HighLevel requires one; Toggl tasks have none). */
    public Map<String, Object> withDueDate(Map<String, Object> body, int days) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.putIfAbsent("dueDate", Instant.now().plus(Duration.ofDays(days))
                .truncatedTo(ChronoUnit.SECONDS).toString());
        return out;
    }

    /** Only the given keys of a map (e.g. {@code title} for update-task, {@code completed} for update-task-completed). */
    public Map<String, Object> only(Map<String, Object> body, String keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : tagList(keys)) {
            if (body.containsKey(k)) {
                out.put(k, body.get(k));
            }
        }
        return out;
    }

    /** True when the contact carries {@code tag} (case-insensitive). */
    public boolean hasTag(Map<String, Object> contact, String tag) {
        if (!(contact.get("tags") instanceof List<?> tags)) {
            return false;
        }
        for (Object t : tags) {
            if (t != null && String.valueOf(t).equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    static List<String> tagList(String tags) {
        List<String> out = new ArrayList<>();
        if (tags != null) {
            for (String t : tags.split(",")) {
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
