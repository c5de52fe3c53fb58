package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelValues.ISO_MILLIS;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.copy;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.list;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.mergeCustomFields;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.newId;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.normaliseBirthDate;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.normalisePhone;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.normaliseTags;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.putOrRemove;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.strings;

import java.time.Instant;
import java.util.ArrayList;
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
 * The simulator's records: contacts per location (their tasks, notes and appointments in
 * {@link ContactItems}) and HighLevel's rules for changing them. One lock guards everything: the
 * simulator is hit concurrently by benchmarks, and one short critical section per request is far below
 * what 100 requests / 10 s need. Every change stamps {@code dateUpdated} from a strictly increasing clock
 * (two changes never share a timestamp) and emits the matching webhook event, in order.
 *
 * <p>Normalisation like HighLevel's ({@link HighLevelValues}): e-mails are matched case-insensitively
 * ({@code emailLowerCase}), phones are stored in E.164 ({@code +1 888-888-8888} becomes
 * {@code +18888888888}; ten digits without a country code are taken as US/Canada), tags are trimmed,
 * lower-cased and de-duplicated.
 */
final class HighLevelData {
    private final Object lock = new Object();
    private final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
    private final Set<String> locations = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;
    private final HighLevelEvents events;
    private final ContactItems items;
    private long lastStamp;
    private volatile boolean allowDuplicateContacts;

    HighLevelData(LongSupplier clock, Consumer<Map<String, Object>> events) {
        this.clock = clock;
        this.events = new HighLevelEvents(events);
        this.items = new ContactItems(this, lock, clock, this.events);
    }

    /** The contacts' tasks, notes and appointments. */
    ContactItems items() {
        return items;
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
            items.clear();
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
            return Optional.ofNullable(contacts.get(id)).map(HighLevelValues::copy);
        }
    }

    List<Map<String, Object>> contacts(String locationId) {
        synchronized (lock) {
            return contacts.values().stream().filter(c -> locationId == null || locationId.equals(c.get("locationId")))
                    .map(HighLevelValues::copy).toList();
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
            events.contact("ContactUpdate", c);
            if (fields.containsKey("tags") && !tagsBefore.equals(c.get("tags"))) {
                // like HighLevel, a tag change made through an update also fires ContactTagUpdate
                events.contact("ContactTagUpdate", c);
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
            events.contact("ContactUpdate", match);
            if (changes.containsKey("tags") && !tagsBefore.equals(match.get("tags"))) {
                events.contact("ContactTagUpdate", match);
            }
            return new Upserted(false, copy(match));
        }
    }

    void deleteContact(String id, String locationId) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            contacts.remove(id);
            items.removeAll(id);
            events.contact("ContactDelete", c);
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
        events.contact("ContactTagUpdate", c);
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
                    .map(HighLevelValues::copy)
                    .toList();
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
        events.contact("ContactCreate", c);
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

    /** The live contact (the caller holds the lock); 404 when unknown, 403 when of another location (unless null). */
    Map<String, Object> require(String id, String locationId) {
        Map<String, Object> c = contacts.get(id);
        if (c == null) {
            throw ApiError.notFound("Contact not found");
        }
        if (locationId != null && !locationId.equals(c.get("locationId"))) {
            throw ApiError.otherLocation();
        }
        return c;
    }

    /**
     * Changes a live contact under the lock (404 / 403 as {@link #require}), stamps it and fires
     * {@code ContactUpdate}: for the membership and bulk operations ({@link MembershipsApi}).
     */
    <T> T change(String id, String locationId, java.util.function.Function<Map<String, Object>, T> change) {
        synchronized (lock) {
            Map<String, Object> c = require(id, locationId);
            T result = change.apply(c);
            c.put("dateUpdated", stamp());
            events.contact("ContactUpdate", c);
            return result;
        }
    }

    String locationOf(String contactId) {
        return (String) contacts.get(contactId).get("locationId");
    }

    /** A strictly increasing ISO timestamp (milliseconds), so no two changes share one. */
    String stamp() {
        long now = Math.max(clock.getAsLong(), lastStamp + 1);
        lastStamp = now;
        return ISO_MILLIS.format(Instant.ofEpochMilli(now));
    }
}
