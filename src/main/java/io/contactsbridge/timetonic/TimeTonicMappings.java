package io.contactsbridge.timetonic;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.mapping.ContactNames;

/**
 * Mapping for the TimeTonic flows, bound as {@value #BEAN}: the field map
 * ({@link TimeTonicFieldMap}) applied to a lead row (contact fields, type, stage tag, owner, the
 * follow-up task) and to a HighLevel contact (the contacts table's row, with its tasks and notes).
 * The choices a user makes per flow (tags, welcome tasks, days) stay in the YAML.
 */
public class TimeTonicMappings {
    public static final String BEAN = "timetonicMap";
    /** Fields the poller adds to a lead change besides the row's values. */
    static final String ROW_ID = "_rowId";
    static final String ROW_HASH = "_rowHash";
    static final String TABLE_ID = "_tableId";
    static final String STAGE_TAG = "stage:";

    private final TimeTonicFieldMap map;
    private final ContactNames names;
    private final Clock clock;

    public TimeTonicMappings(TimeTonicFieldMap map, ContactNames names, Clock clock) {
        this.map = map;
        this.names = names;
        this.clock = clock;
    }

    public TimeTonicFieldMap fieldMap() {
        return map;
    }

    /**
     * A lead row as contact fields: name by the name rule, e-mail, phone, company, the stage's
     * {@code stage:<stage>} tag and type (in the field map's custom field), the row's tags plus {@code tags} (comma-separated), the owner's user.
     */
    public Map<String, Object> contact(Map<String, Object> lead, String nameRule, String tags) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object name = map.leadValue(lead, "name");
        if (name != null && !String.valueOf(name).isBlank()) {
            out.putAll(names.fields(String.valueOf(name).trim(), nameRule));
        }
        for (String field : List.of("email", "phone", "companyName")) {
            Object v = map.leadValue(lead, field);
            if (v != null && !String.valueOf(v).isBlank()) {
                out.put(field, String.valueOf(v).trim());
            }
        }
        Set<String> tagSet = new LinkedHashSet<>(list(map.leadValue(lead, "tags")));
        tagSet.addAll(list(tags));
        String stage = stage(lead);
        if (stage != null) {
            // the Contacts API v2 takes no "type" on create, update or upsert: the stage's type goes to
            // the custom field the field map names (type-custom-field), the stage itself to a tag
            if (map.typeCustomField() != null) {
                out.put("customFields", List.of(Map.of("key", map.typeCustomField(),
                        "field_value", map.stages().getOrDefault(stage, "lead"))));
            }
            tagSet.add(STAGE_TAG + stage.toLowerCase(Locale.ROOT));
        }
        if (!tagSet.isEmpty()) {
            out.put("tags", new ArrayList<>(tagSet));
        }
        Object owner = map.leadValue(lead, "owner");
        if (owner != null) {
            String user = map.owners().get(String.valueOf(owner).trim().toLowerCase(Locale.ROOT));
            if (user != null) {
                out.put("assignedTo", user);
            }
        }
        return out;
    }

    /** The lead's lifecycle stage, or null. */
    public String stage(Map<String, Object> lead) {
        Object stage = map.leadValue(lead, "stage");
        return stage == null || String.valueOf(stage).isBlank() ? null : String.valueOf(stage).trim();
    }

    /** {@code stage:} tags of the saved contact (the answer of save-contact) other than the lead's current stage. */
    @SuppressWarnings("unchecked")
    public List<String> staleStageTags(Object answer, Map<String, Object> lead) {
        Object contact = answer instanceof Map<?, ?> m && m.get("contact") instanceof Map<?, ?> c ? c : answer;
        if (!(contact instanceof Map<?, ?> c) || !(c.get("tags") instanceof Collection<?> tags)) {
            return List.of();
        }
        String stage = stage(lead);
        String current = stage == null ? null : STAGE_TAG + stage.toLowerCase(Locale.ROOT);
        List<String> stale = new ArrayList<>();
        for (Object t : tags) {
            String tag = String.valueOf(t);
            if (tag.toLowerCase(Locale.ROOT).startsWith(STAGE_TAG) && !tag.equalsIgnoreCase(current)) {
                stale.add(tag);
            }
        }
        return stale;
    }

    /** The remove-tags body for the {@code stage:} tags the saved contact has besides the lead's stage, or null. */
    public Map<String, Object> staleStageTagsBody(Object answer, Map<String, Object> lead) {
        List<String> tags = staleStageTags(answer, lead);
        return tags.isEmpty() ? null : Map.of("tags", tags);
    }

    /** The follow-up task of a lead with a next-action date ({@code title} prefix from the flow), or null. */
    public Map<String, Object> followUpTask(Map<String, Object> lead, String titlePrefix) {
        Instant due = TimeTonicPoller.instant(map.leadValue(lead, "nextAction"));
        if (due == null) {
            return null;
        }
        Object name = map.leadValue(lead, "name");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("title", titlePrefix + (name == null ? "" : " " + String.valueOf(name).trim()));
        task.put("dueDate", due.toString());
        task.put("completed", false);
        return task;
    }

    /**
     * A HighLevel contact as a row of the contacts table, by field name: name, e-mail, phone, company,
     * last contacted, its tasks (one line each: title, due date, done) and notes, its id, active.
     */
    public Map<String, Object> contactRow(Map<String, Object> contact, Object tasks, Object notes) {
        Map<String, Object> row = new LinkedHashMap<>();
        String name = join(" ", contact.get("firstName"), contact.get("lastName"));
        if (name.isBlank()) {
            name = text(contact.get("contactName"));
        }
        if (name.isBlank()) {
            name = text(contact.get("companyName"));
        }
        put(row, "name", name);
        put(row, "email", text(contact.get("email")));
        put(row, "phone", text(contact.get("phone")));
        put(row, "companyName", text(contact.get("companyName")));
        Object last = contact.get("lastActivity") != null ? contact.get("lastActivity") : contact.get("dateUpdated");
        put(row, "lastContacted", text(last));
        List<String> taskLines = new ArrayList<>();
        for (Map<String, Object> t : items(tasks, "tasks")) {
            String due = text(t.get("dueDate"));
            taskLines.add((Boolean.TRUE.equals(t.get("completed")) ? "[x] " : "[ ] ") + text(t.get("title"))
                    + (due.isBlank() ? "" : " (due " + due.substring(0, Math.min(10, due.length())) + ")"));
        }
        put(row, "tasks", String.join("\n", taskLines));
        List<String> noteLines = new ArrayList<>();
        for (Map<String, Object> n : items(notes, "notes")) {
            noteLines.add(text(n.get("body")));
        }
        put(row, "notes", String.join("\n---\n", noteLines));
        put(row, "contactId", text(contact.get("id")));
        put(row, "status", map.activeStatus());
        return row;
    }

    /** True when the contact carries the tag (case-insensitive). */
    public boolean hasTag(Map<String, Object> contact, String tag) {
        return contact != null && contact.get("tags") instanceof Collection<?> tags
                && tags.stream().anyMatch(t -> String.valueOf(t).equalsIgnoreCase(tag));
    }

    /**
     * The welcome tasks of a new contact from the flow's list {@code "Title:days; Title:days"}: each
     * a HighLevel task body due that many days from now.
     */
    public List<Map<String, Object>> welcomeTasks(String spec) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String item : spec.split(";")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            int days = 1;
            String title = s;
            if (colon > 0 && s.substring(colon + 1).trim().matches("\\d+")) {
                days = Integer.parseInt(s.substring(colon + 1).trim());
                title = s.substring(0, colon).trim();
            }
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("title", title);
            task.put("dueDate", clock.instant().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
            task.put("completed", false);
            out.add(task);
        }
        return out;
    }

    private void put(Map<String, Object> row, String contactField, String value) {
        String field = map.contactField(contactField);
        if (field != null) {
            row.put(field, value);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Object answer, String key) {
        Object list = answer instanceof Map<?, ?> m ? m.get(key) : answer;
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof Collection<?> c) {
            c.forEach(o -> {
                if (o instanceof Map<?, ?> item) {
                    out.add((Map<String, Object>) item);
                }
            });
        }
        return out;
    }

    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> add(out, String.valueOf(v)));
        } else if (value != null) {
            for (String s : String.valueOf(value).split(",")) {
                add(out, s);
            }
        }
        return out;
    }

    private static void add(List<String> out, String s) {
        if (!s.isBlank()) {
            out.add(s.trim());
        }
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v).trim();
    }

    private static String join(String sep, Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p != null && !String.valueOf(p).isBlank()) {
                out.add(String.valueOf(p).trim());
            }
        }
        return String.join(sep, out);
    }
}
