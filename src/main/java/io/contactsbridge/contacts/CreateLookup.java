package io.contactsbridge.contacts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.Exchange;

/**
 * Looks up what a create would have made, before the create is sent again after a failure that
 * may have been applied (DESIGN "Lessons": never blindly retry a create).
 * <ul>
 * <li>create-contact: get-duplicate-contact by e-mail, else by phone. Without either there is no
 *     safe lookup: {@link CreateOutcomeUnknown} (not re-sent; the caller decides).</li>
 * <li>create-task: the contact's tasks, same title and due date.</li>
 * <li>create-note: the contact's notes, same body (and title when given), added since shortly
 *     before the first attempt.</li>
 * </ul>
 * Lookups run through the read operation routes, so they are paced, retried and typed like any call;
 * if a lookup itself fails, the create fails with that error rather than being re-sent blind.
 */
final class CreateLookup {
    private CreateLookup() {
    }

    /** The answer the create would have given ({@code {"contact": ...}} etc.), or null when nothing is there. */
    static Map<String, Object> find(HighLevelClient client, HighLevelRequest req, Instant since) {
        Map<String, Object> body = req.body();
        String op = req.operation().operationId();
        switch (op) {
            case "create-contact" -> {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put("locationId", body.getOrDefault("locationId", client.config().locationId()));
                if (body.get("email") instanceof String email && !email.isBlank()) {
                    headers.put("email", email);
                } else if (body.get("phone") instanceof String phone && !phone.isBlank()) {
                    headers.put("number", phone);
                } else {
                    throw new CreateOutcomeUnknown(op, "the request failed in a way that may have created the contact,"
                            + " and a contact without e-mail or phone cannot be looked up; not sent again", null);
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
                        return Map.of("task", task);
                    }
                }
                return null;
            }
            case "create-note" -> {
                Map<String, Object> answer = call(client, "get-all-notes", Map.of("contactId", req.pathValues().get("contactId")));
                for (Map<?, ?> note : list(answer.get("notes"))) {
                    Instant added = HighLevelClient.parseInstant(note.get("dateAdded"));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(HighLevelClient client, String operationId, Map<String, Object> headers) {
        Exchange answer = client.template().send("direct:contacts." + operationId, ex -> {
            ex.getIn().getHeaders().putAll(headers);
        });
        if (answer.getException() instanceof RuntimeException e) {
            throw e;
        }
        if (answer.getException() != null) {
            throw new IllegalStateException(answer.getException());
        }
        return answer.getMessage().getBody(Map.class);
    }

    private static List<Map<?, ?>> list(Object value) {
        if (value instanceof List<?> l) {
            List<Map<?, ?>> maps = new java.util.ArrayList<>();
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
        Instant ia = HighLevelClient.parseInstant(a);
        Instant ib = HighLevelClient.parseInstant(b);
        if (ia != null && ib != null) {
            return ia.equals(ib);
        }
        return Objects.equals(a, b);
    }
}
