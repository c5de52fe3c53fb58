package io.contactsbridge.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.CreateLookup;
import io.contactsbridge.connector.http.Operations;

/**
 * Looks up what a create would have made, before the create is sent again after a failure that
 * may have been applied (DESIGN "Lessons": never blindly retry a create).
 * <ul>
 * <li>create-contact, and upsert-contact without e-mail and phone (HighLevel cannot match such an
 *     upsert, so each one creates): get-duplicate-contact by e-mail, else by phone, else
 *     search-contacts-advanced for a contact with the same names and tags added since shortly
 *     before the first attempt (the tags the bridge's flows add, such as {@code toggl-client}, are
 *     its marker). A body with none of these cannot be looked up: {@link CreateOutcomeUnknown}
 *     (not re-sent; the caller decides).</li>
 * <li>create-task: the contact's tasks, same title and due date. The task found is brought to what
 *     this request asks (description, completed, assignee): an attempt in an earlier run may have
 *     carried an older state of the source task, one that was done or edited since.</li>
 * <li>create-note: the contact's notes, same body (and title when given), added since shortly
 *     before the first attempt.</li>
 * </ul>
 * Lookups run through the read operation routes, so they are paced, retried and typed like any call;
 * if a lookup itself fails, the create fails with that error rather than being re-sent blind.
 */
final class ContactLookups implements CreateLookup {

    /** Contact fields that identify a contact without e-mail or phone (with its tags and the time window). */
    static final List<String> NAME_FIELDS = List.of("firstName", "lastName", "companyName");

    /** True when sending {@code req} again after a failure that may have applied it could make a second record. */
    @Override
    public boolean needed(ApiRequest req) {
        if (req.operation().create()) {
            return true;
        }
        Map<String, Object> body = req.body();
        return "upsert-contact".equals(req.operation().operationId()) && body != null
                && isBlank(body.get("email")) && isBlank(body.get("phone"));
    }

    /** The answer the create would have given ({@code {"contact": ...}} etc.), or null when nothing is there. */
    @Override
    public Object find(ApiRequest req, Instant since, Operations client) {
        Map<String, Object> body = req.body();
        String op = req.operation().operationId();
        switch (op) {
            case "create-contact", "upsert-contact" -> {
                Map<String, Object> headers = new LinkedHashMap<>();
                if (body.get("locationId") != null) {
                    headers.put("locationId", body.get("locationId"));
                }
                if (body.get("email") instanceof String email && !email.isBlank()) {
                    headers.put("email", email);
                } else if (body.get("phone") instanceof String phone && !phone.isBlank()) {
                    headers.put("number", phone);
                } else {
                    return findByNames(client, req, body, headers.get("locationId"), since);
                }
                Map<String, Object> answer = call(client, "get-duplicate-contact", headers);
                if (answer.get("contact") instanceof Map<?, ?> contact && contact.get("id") != null) {
                    return Map.of("contact", contact);
                }
                return null;
            }
            case "create-task" -> {
                Map<String, Object> answer = call(client, "get-all-tasks", Map.of("contactId", req.pathValues().get("contactId")));
                for (Map<?, ?> task : list(answer.get("tasks"))) {
                    if (Objects.equals(task.get("title"), body.get("title"))
                            && sameInstant(task.get("dueDate"), body.get("dueDate"))) {
                        return Map.of("task", asRequested(client, req, task));
                    }
                }
                return null;
            }
            case "create-note" -> {
                Map<String, Object> answer = call(client, "get-all-notes", Map.of("contactId", req.pathValues().get("contactId")));
                for (Map<?, ?> note : list(answer.get("notes"))) {
                    Instant added = HighLevelTimes.parse(note.get("dateAdded"));
                    if (Objects.equals(note.get("body"), body.get("body"))
                            && (body.get("title") == null || Objects.equals(note.get("title"), body.get("title")))
                            && (added == null || !added.isBefore(since))) {
                        return Map.of("note", note);
                    }
                }
                return null;
            }
            default -> throw new IllegalStateException("no lookup for " + op);
        }
    }

    /** Fields of a task that can differ between a create and the task an earlier attempt of it made. */
    static final List<String> TASK_STATE = List.of("body", "completed", "assignedTo");

    /** {@code task} as the create asks for it: updated where an earlier attempt left an older state. */
    private static Map<?, ?> asRequested(Operations client, ApiRequest req, Map<?, ?> task) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String field : TASK_STATE) {
            if (req.body().containsKey(field) && !Objects.equals(req.body().get(field), task.get(field))) {
                changes.put(field, req.body().get(field));
            }
        }
        if (changes.isEmpty()) {
            return task;
        }
        Map<String, Object> answer = client.callForMap("update-task",
                Map.of("contactId", req.pathValues().get("contactId"), "taskId", task.get("id")), changes);
        return answer.get("task") instanceof Map<?, ?> updated ? updated : task;
    }

    /** The oldest contact with the body's names and tags added since {@code since}, or null. */
    private static Map<String, Object> findByNames(Operations client, ApiRequest req, Map<String, Object> body,
            Object locationId, Instant since) {
        List<Map<String, Object>> filters = new ArrayList<>();
        for (String field : NAME_FIELDS) {
            if (!isBlank(body.get(field))) {
                filters.add(Map.of("field", field, "operator", "eq", "value", body.get(field)));
            }
        }
        if (filters.isEmpty() && !isBlank(body.get("name"))) {
            // HighLevel derives "name" from first and last name; only a body with nothing else is matched on it
            filters.add(Map.of("field", "name", "operator", "eq", "value", body.get("name")));
        }
        if (filters.isEmpty()) {
            throw new CreateOutcomeUnknown(client.call(req.operation()), "the request failed in a way that may have created the contact,"
                    + " and a contact without e-mail, phone or name cannot be looked up; not sent again", null);
        }
        if (body.get("tags") instanceof List<?> tags) {
            for (Object tag : tags) {
                filters.add(Map.of("field", "tags", "operator", "eq", "value", tag));
            }
        }
        filters.add(Map.of("field", "dateAdded", "operator", "range", "value", Map.of("gte", since.toString())));
        Map<String, Object> search = new LinkedHashMap<>();
        if (locationId != null) {
            search.put("locationId", locationId);
        }
        search.put("pageLimit", 1);
        search.put("filters", filters);
        search.put("sort", List.of(Map.of("field", "dateAdded", "direction", "asc")));
        List<Map<?, ?>> found = list(client.callForMap("search-contacts-advanced", Map.of(), search).get("contacts"));
        return found.isEmpty() ? null : Map.of("contact", found.get(0));
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static Map<String, Object> call(Operations client, String operationId, Map<String, Object> headers) {
        return client.callForMap(operationId, headers, null);
    }

    private static List<Map<?, ?>> list(Object value) {
        if (value instanceof List<?> l) {
            List<Map<?, ?>> maps = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    maps.add(m);
                }
            }
            return maps;
        }
        return List.of();
    }

    private static boolean sameInstant(Object a, Object b) {
        Instant ia = HighLevelTimes.parse(a);
        Instant ib = HighLevelTimes.parse(b);
        if (ia != null && ib != null) {
            return ia.equals(ib);
        }
        return Objects.equals(a, b);
    }
}
