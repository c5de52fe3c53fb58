package io.contactsbridge.sandbox.highlevel;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The simulator's records (contacts, tasks, notes, appointments per location) and HighLevel's rules
 * for changing them. One lock guards everything: the simulator is hit concurrently by benchmarks,
 * and one short critical section per request is far below what 100 requests / 10 s need.
 * Every change stamps {@code dateUpdated} from a strictly increasing clock (two changes never share a
 * timestamp) and emits the matching webhook event, in order, to {@code events}.
 *
 * <p>Normalisation like HighLevel's: e-mails are matched case-insensitively ({@code emailLowerCase}),
 * phones are stored in E.164 ({@code +1 888-888-8888} becomes {@code +18888888888}; ten digits without
 * a country code are taken as US/Canada), tags are trimmed, lower-cased and de-duplicated.
 */
final class HighLevelData {
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Fields of a contact's webhook events (webhook-events/Contact*.json). */
    private static final List<String> CONTACT_EVENT_FIELDS = List.of("locationId", "id", "address1", "city", "state",
            "companyName", "country", "source", "dateAdded", "dateOfBirth", "dnd", "email", "name", "firstName",
            "lastName", "phone", "postalCode", "tags", "website", "attachments", "assignedTo", "customFields");
    private static final List<String> TASK_EVENT_FIELDS = List.of("locationId", "id", "assignedTo", "body", "contactId",
            "title", "dateAdded", "dueDate");
    private static final List<String> NOTE_EVENT_FIELDS = List.of("locationId", "id", "body", "contactId", "dateAdded");

    private final Object lock = new Object();
    private final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> tasks = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> notes = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> appointments = new LinkedHashMap<>();
    private final Set<String> locations = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;
    private final Consumer<Map<String, Object>> events;
    private long lastStamp;
    private volatile boolean allowDuplicateContacts;

    HighLevelData(LongSupplier clock, Consumer<Map<String, Object>> events) {
        this.clock = clock;
        this.events = events;
    }

    // ------------------------------------------------------------------ locations & settings

    void addLocation(String locationId) {
        locations.add(locationId);
    }

    boolean locationExists(String locationId) {
        return locations.contains(locationId);
    }

    void allowDuplicateContacts(boolean allow) {
        this.allowDuplicateContacts = allow;
    }

    boolean allowDuplicateContacts() {
        return allowDuplicateContacts;
    }

    void clear() {
        synchronized (lock) {
            contacts.clear();
            tasks.clear();
            notes.clear();
            appointments.clear();
        }
    }

    // ------------------------------------------------------------------ contacts

    /** The contact, if it exists and belongs to {@code locationId}; 404 / 403 otherwise. */
    Map<String, Object> contact(String id, String locationId) {
        synchronized (lock) {
            return copy(require(id, locationId));
        }
    }

    Optional<Map<String, Object>> contact(String id) {
        synchronized (lock) {
            return Optional.ofNullable(contacts.get(id)).map(HighLevelData::copy);
        }
    }

    List<Map<String, Object>> contacts(String locationId) {
        synchronized (lock) {
            return contacts.values().stream().filter(c -> locationId == null || locationId.equals(c.get("locationId")))
                    .map(HighLevelData::copy).toList();
        }
    }

    Map<String, Object> createContact(String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            if (!allowDuplicateContacts) {
                refuseDuplicate(locationId, fields, null);
            }
            return copy(insertContact(locationId, fields));
        }
    }

    Map<String, Object> updateContact(String id, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            if (!allowDuplicateContacts) {
                refuseDuplicate(locationId, fields, id);
            }
            List<Object> tagsBefore = list(c.get("tags"));
            apply(c, fields);
            emitContact("ContactUpdate", c);
            if (fields.containsKey("tags") && !tagsBefore.equals(c.get("tags"))) {
                // like HighLevel, a tag change made through an update also fires ContactTagUpdate
                emitContact("ContactTagUpdate", c);
            }
            return copy(c);
        }
    }

    /** Result of an upsert: was a contact created, and its state afterwards. */
    record Upserted(boolean created, Map<String, Object> contact) {
    }

    /**
     * HighLevel's upsert (spec, upsert-contact): find a contact of the location by e-mail first, then by
     * phone. When the e-mail matches one contact and the phone another, the e-mail match is updated and
     * the phone is ignored (so no duplicate appears) — the data loss the design warns about.
     */
    Upserted upsertContact(String locationId, Map<String, Object> fields, boolean createNewIfDuplicateAllowed) {
        synchronized (lock) {
            if (createNewIfDuplicateAllowed && allowDuplicateContacts) {
                return new Upserted(true, copy(insertContact(locationId, fields)));
            }
            Map<String, Object> byEmail = findByEmail(locationId, (String) fields.get("email"));
            Map<String, Object> byPhone = findByPhone(locationId, (String) fields.get("phone"));
            Map<String, Object> match = byEmail != null ? byEmail : byPhone;
            if (match == null) {
                return new Upserted(true, copy(insertContact(locationId, fields)));
            }
            Map<String, Object> changes = new LinkedHashMap<>(fields);
            changes.remove("locationId");
            changes.remove("createNewIfDuplicateAllowed");
            if (byEmail != null && byPhone != null && byEmail != byPhone) {
                changes.remove("phone");
            }
            List<Object> tagsBefore = list(match.get("tags"));
            apply(match, changes);
            emitContact("ContactUpdate", match);
            if (changes.containsKey("tags") && !tagsBefore.equals(match.get("tags"))) {
                emitContact("ContactTagUpdate", match);
            }
            return new Upserted(false, copy(match));
        }
    }

    void deleteContact(String id, String locationId) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            contacts.remove(id);
            tasks.remove(id);
            notes.remove(id);
            appointments.remove(id);
            emitContact("ContactDelete", c);
        }
    }

    List<String> addTags(String id, String locationId, List<String> add) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            LinkedHashSet<String> tags = new LinkedHashSet<>(strings(c.get("tags")));
            tags.addAll(normaliseTags(add));
            return setTags(c, new ArrayList<>(tags));
        }
    }

    List<String> removeTags(String id, String locationId, List<String> remove) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            List<String> tags = new ArrayList<>(strings(c.get("tags")));
            tags.removeAll(normaliseTags(remove));
            return setTags(c, tags);
        }
    }

    private List<String> setTags(Map<String, Object> c, List<String> tags) {
        c.put("tags", new ArrayList<>(tags));
        c.put("dateUpdated", stamp());
        emitContact("ContactTagUpdate", c);
        return new ArrayList<>(tags);
    }

    Map<String, Object> findDuplicate(String locationId, String email, String phone) {
        synchronized (lock) {
            Map<String, Object> c = findByEmail(locationId, email);
            if (c == null) {
                c = findByPhone(locationId, phone);
            }
            return c == null ? null : copy(c);
        }
    }

    /** Contacts of a location matching {@code filter}, oldest first (dateAdded, then id). */
    List<Map<String, Object>> select(String locationId, Predicate<Map<String, Object>> filter) {
        synchronized (lock) {
            // insertion order is dateAdded order: stamps only grow
            return contacts.values().stream()
                    .filter(c -> locationId.equals(c.get("locationId")))
                    .filter(filter)
                    .map(HighLevelData::copy)
                    .toList();
        }
    }

    // ------------------------------------------------------------------ tasks

    List<Map<String, Object>> tasks(String contactId, String locationId) {
        synchronized (lock) {
            require(contactId, locationId);
            return tasks.getOrDefault(contactId, Map.of()).values().stream().map(HighLevelData::copy).toList();
        }
    }

    Map<String, Object> task(String contactId, String taskId, String locationId) {
        synchronized (lock) {
            return copy(requireTask(contactId, taskId, locationId));
        }
    }

    Map<String, Object> createTask(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            require(contactId, locationId);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", newId());
            t.put("title", null);
            t.put("body", null);
            t.put("assignedTo", null);
            t.put("dueDate", null);
            t.put("completed", false);
            t.put("contactId", contactId);
            t.put("dateAdded", stamp());
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            tasks.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) t.get("id"), t);
            emitTask("TaskCreate", t, locationOf(contactId));
            if (Boolean.TRUE.equals(t.get("completed"))) {
                emitTask("TaskComplete", t, locationOf(contactId));
            }
            return copy(t);
        }
    }

    /** Updates a task; completing it (false to true) fires TaskComplete (HighLevel has no TaskUpdate webhook). */
    Map<String, Object> updateTask(String contactId, String taskId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            boolean wasCompleted = Boolean.TRUE.equals(t.get("completed"));
            applyTask(t, fields);
            t.values().removeIf(v -> v == null);
            if (!wasCompleted && Boolean.TRUE.equals(t.get("completed"))) {
                emitTask("TaskComplete", t, locationOf(contactId));
            }
            return copy(t);
        }
    }

    void deleteTask(String contactId, String taskId, String locationId) {
        synchronized (lock) {
            Map<String, Object> t = requireTask(contactId, taskId, locationId);
            tasks.get(contactId).remove(taskId);
            emitTask("TaskDelete", t, locationOf(contactId));
        }
    }

    private void applyTask(Map<String, Object> t, Map<String, Object> fields) {
        fields.forEach((k, v) -> t.put(k, k.equals("dueDate") && v instanceof String s ? normaliseInstant(s) : v));
    }

    // ------------------------------------------------------------------ notes

    List<Map<String, Object>> notes(String contactId, String locationId) {
        synchronized (lock) {
            require(contactId, locationId);
            return notes.getOrDefault(contactId, Map.of()).values().stream().map(HighLevelData::copy).toList();
        }
    }

    Map<String, Object> note(String contactId, String noteId, String locationId) {
        synchronized (lock) {
            return copy(requireNote(contactId, noteId, locationId));
        }
    }

    Map<String, Object> createNote(String contactId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            require(contactId, locationId);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", newId());
            n.put("body", null);
            n.put("userId", null);
            n.put("dateAdded", stamp());
            n.put("contactId", contactId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            notes.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put((String) n.get("id"), n);
            emitNote("NoteCreate", n, locationOf(contactId));
            return copy(n);
        }
    }

    Map<String, Object> updateNote(String contactId, String noteId, String locationId, Map<String, Object> fields) {
        synchronized (lock) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            n.putAll(fields);
            n.values().removeIf(v -> v == null);
            emitNote("NoteUpdate", n, locationOf(contactId));
            return copy(n);
        }
    }

    void deleteNote(String contactId, String noteId, String locationId) {
        synchronized (lock) {
            Map<String, Object> n = requireNote(contactId, noteId, locationId);
            notes.get(contactId).remove(noteId);
            emitNote("NoteDelete", n, locationOf(contactId));
        }
    }

    // ------------------------------------------------------------------ appointments (read-only in the API)

    List<Map<String, Object>> appointments(String contactId, String locationId) {
        synchronized (lock) {
            require(contactId, locationId);
            return appointments.getOrDefault(contactId, List.of()).stream().map(HighLevelData::copy).toList();
        }
    }

    Map<String, Object> addAppointment(String contactId, String title, Instant start, Instant end, String status) {
        synchronized (lock) {
            Map<String, Object> c = contacts.get(contactId);
            if (c == null) {
                throw new IllegalArgumentException("no contact " + contactId);
            }
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
            String now = f.format(Instant.ofEpochMilli(clock.getAsLong()));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", newId());
            e.put("calendarId", "sandbox-calendar");
            e.put("status", status);
            e.put("title", title);
            e.put("assignedUserId", HighLevelAuth.USER_ID);
            e.put("notes", "");
            e.put("startTime", f.format(start));
            e.put("endTime", f.format(end));
            e.put("address", "");
            e.put("locationId", c.get("locationId"));
            e.put("contactId", contactId);
            e.put("groupId", "sandbox-group");
            e.put("appointmentStatus", status);
            e.put("users", List.of(HighLevelAuth.USER_ID));
            e.put("dateAdded", now);
            e.put("dateUpdated", now);
            e.put("assignedResources", List.of());
            appointments.computeIfAbsent(contactId, k -> new ArrayList<>()).add(e);
            return copy(e);
        }
    }

    // ------------------------------------------------------------------ internals

    private Map<String, Object> insertContact(String locationId, Map<String, Object> fields) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", newId());
        c.put("locationId", locationId);
        c.put("type", "lead");
        c.put("source", "public api");
        c.put("dnd", false);
        c.put("tags", new ArrayList<>());
        c.put("customFields", new ArrayList<>());
        c.put("followers", new ArrayList<>());
        c.put("deleted", false);
        String now = stamp();
        c.put("dateAdded", now);
        Map<String, Object> rest = new LinkedHashMap<>(fields);
        rest.remove("locationId");
        rest.remove("createNewIfDuplicateAllowed");
        apply(c, rest);
        c.put("dateUpdated", now);
        contacts.put((String) c.get("id"), c);
        emitContact("ContactCreate", c);
        return c;
    }

    /** Applies the request fields to a stored contact, normalising like HighLevel does. */
    private void apply(Map<String, Object> c, Map<String, Object> fields) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (v == null) {
                c.remove(k);
                if (k.equals("email")) {
                    c.remove("emailLowerCase");
                }
                continue;
            }
            switch (k) {
                case "email" -> {
                    c.put("email", v);
                    c.put("emailLowerCase", ((String) v).toLowerCase(Locale.ROOT));
                }
                case "phone" -> c.put("phone", normalisePhone((String) v));
                case "tags" -> c.put("tags", normaliseTags(strings(v)));
                case "customFields" -> c.put("customFields", mergeCustomFields(list(c.get("customFields")), list(v)));
                case "dateOfBirth" -> c.put("dateOfBirth", normaliseBirthDate(String.valueOf(v)));
                case "name" -> {
                    if (!fields.containsKey("firstName") && !fields.containsKey("lastName")) {
                        String[] parts = ((String) v).trim().split("\\s+", 2);
                        c.put("firstName", parts[0]);
                        if (parts.length > 1) {
                            c.put("lastName", parts[1]);
                        } else {
                            c.remove("lastName");
                        }
                    }
                }
                default -> c.put(k, copy(v));
            }
        }
        String first = (String) c.get("firstName");
        String last = (String) c.get("lastName");
        putOrRemove(c, "firstNameLowerCase", first == null ? null : first.toLowerCase(Locale.ROOT));
        putOrRemove(c, "lastNameLowerCase", last == null ? null : last.toLowerCase(Locale.ROOT));
        String full = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        putOrRemove(c, "name", full.isEmpty() ? null : full);
        putOrRemove(c, "fullNameLowerCase", full.isEmpty() ? null : full.toLowerCase(Locale.ROOT));
        c.put("dateUpdated", stamp());
    }

    /** 400 "This location does not allow duplicated contacts." like HighLevel, naming the match. */
    private void refuseDuplicate(String locationId, Map<String, Object> fields, String selfId) {
        Map<String, Object> byEmail = fields.get("email") instanceof String e ? findByEmail(locationId, e) : null;
        Map<String, Object> byPhone = fields.get("phone") instanceof String p ? findByPhone(locationId, p) : null;
        Map<String, Object> match = byEmail != null && !byEmail.get("id").equals(selfId) ? byEmail
                : byPhone != null && !byPhone.get("id").equals(selfId) ? byPhone : null;
        if (match != null) {
            Map<String, Object> body = ApiError.body(400, "This location does not allow duplicated contacts.", null);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("contactName", match.get("name"));
            meta.put("contactId", match.get("id"));
            meta.put("matchingField", match == byEmail ? "email" : "phone");
            body.put("meta", meta);
            throw new ApiError(400, body);
        }
    }

    private Map<String, Object> findByEmail(String locationId, String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String lower = email.trim().toLowerCase(Locale.ROOT);
        return contacts.values().stream()
                .filter(c -> locationId.equals(c.get("locationId")) && lower.equals(c.get("emailLowerCase")))
                .findFirst().orElse(null);
    }

    private Map<String, Object> findByPhone(String locationId, String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String normal = normalisePhone(phone);
        return contacts.values().stream()
                .filter(c -> locationId.equals(c.get("locationId")) && normal.equals(c.get("phone")))
                .findFirst().orElse(null);
    }

    private Map<String, Object> require(String id, String locationId) {
        Map<String, Object> c = contacts.get(id);
        if (c == null) {
            throw ApiError.notFound("Contact not found");
        }
        if (locationId != null && !locationId.equals(c.get("locationId"))) {
            throw ApiError.otherLocation();
        }
        return c;
    }

    private Map<String, Object> requireTask(String contactId, String taskId, String locationId) {
        require(contactId, locationId);
        Map<String, Object> t = tasks.getOrDefault(contactId, Map.of()).get(taskId);
        if (t == null) {
            throw ApiError.notFound("Task not found");
        }
        return t;
    }

    private Map<String, Object> requireNote(String contactId, String noteId, String locationId) {
        require(contactId, locationId);
        Map<String, Object> n = notes.getOrDefault(contactId, Map.of()).get(noteId);
        if (n == null) {
            throw ApiError.notFound("Note not found");
        }
        return n;
    }

    private String locationOf(String contactId) {
        return (String) contacts.get(contactId).get("locationId");
    }

    private void emitContact(String type, Map<String, Object> c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : CONTACT_EVENT_FIELDS) {
            if (f.equals("attachments")) {
                e.put("attachments", List.of());
            } else if (c.containsKey(f)) {
                e.put(f, copy(c.get(f)));
            }
        }
        events.accept(e);
    }

    private void emitTask(String type, Map<String, Object> t, String locationId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : TASK_EVENT_FIELDS) {
            Object v = f.equals("locationId") ? locationId : t.get(f);
            if (v != null) {
                e.put(f, v);
            }
        }
        events.accept(e);
    }

    private void emitNote(String type, Map<String, Object> n, String locationId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        for (String f : NOTE_EVENT_FIELDS) {
            Object v = f.equals("locationId") ? locationId : n.get(f);
            if (v != null) {
                e.put(f, v);
            }
        }
        events.accept(e);
    }

    /** A strictly increasing ISO timestamp (milliseconds), so no two changes share one. */
    private String stamp() {
        long now = Math.max(clock.getAsLong(), lastStamp + 1);
        lastStamp = now;
        return ISO_MILLIS.format(Instant.ofEpochMilli(now));
    }

    static String newId() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    static String normalisePhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return phone.trim();
        }
        boolean international = phone.trim().startsWith("+") || phone.trim().startsWith("00");
        if (phone.trim().startsWith("00")) {
            digits = digits.substring(2);
        }
        return !international && digits.length() == 10 ? "+1" + digits : "+" + digits;
    }

    static List<String> normaliseTags(Collection<String> tags) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            String n = t.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return new ArrayList<>(out);
    }

    /** Custom fields are merged by id (a field not named keeps its value); input {id|key, field_value|value}. */
    private static List<Object> mergeCustomFields(List<Object> existing, List<Object> input) {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object o : existing) {
            Map<?, ?> m = (Map<?, ?>) o;
            byId.put(String.valueOf(m.get("id")), m.get("value"));
        }
        for (Object o : input) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object id = m.get("id") != null ? m.get("id") : m.get("key");
            Object value = m.containsKey("field_value") ? m.get("field_value") : m.get("value");
            if (value == null || "".equals(value)) {
                byId.remove(String.valueOf(id));
            } else {
                byId.put(String.valueOf(id), copy(value));
            }
        }
        List<Object> out = new ArrayList<>();
        byId.forEach((id, value) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", id);
            f.put("value", value);
            out.add(f);
        });
        return out;
    }

    /** The birth-date formats the spec lists, stored the way HighLevel returns them (midnight UTC). */
    static String normaliseBirthDate(String s) {
        LocalDate d = parseBirthDate(s);
        if (d == null) {
            throw new IllegalArgumentException("not a date: " + s);
        }
        return ISO_MILLIS.format(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static LocalDate parseBirthDate(String s) {
        String t = s.trim();
        if (t.length() >= 10 && t.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            t = t.substring(0, 10);
        }
        String[] parts = t.split("[-/._]");
        if (parts.length != 3) {
            return null;
        }
        try {
            if (parts[0].length() == 4) {
                return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
            if (parts[2].length() == 4) {
                return LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** An ISO 8601 date-time (or date) as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; null when it is not one. */
    static String normaliseInstant(String s) {
        Long ms = parseInstant(s);
        return ms == null ? null : ISO_MILLIS.format(Instant.ofEpochMilli(ms));
    }

    static Long parseInstant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void putOrRemove(Map<String, Object> m, String k, Object v) {
        if (v == null) {
            m.remove(k);
        } else {
            m.put(k, v);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>((List<Object>) l) : new ArrayList<>();
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Collection<?> c) {
            for (Object x : c) {
                out.add(String.valueOf(x));
            }
        }
        return out;
    }

    /** A deep copy of JSON-like values, so no caller ever holds a live record. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }
}
