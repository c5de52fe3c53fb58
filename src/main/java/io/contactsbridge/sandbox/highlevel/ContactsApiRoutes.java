package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelAuth.SCOPE_READ;
import static io.contactsbridge.sandbox.highlevel.HighLevelAuth.SCOPE_WRITE;
import static io.contactsbridge.sandbox.highlevel.SimRequests.ok;

import java.util.List;
import java.util.Map;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/** Which Contacts API operation a method and path are, the scope it needs, and what answers it. */
final class ContactsApiRoutes {

    /** One API operation: its operationId, the scope it needs, and what it does. */
    record Route(String operationId, String scope, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        SimResponse run(SimRequest request, HighLevelAuth.Grant grant) throws Exception;
    }

    private final HighLevelData data;
    private final ContactEndpoints contacts;
    private final ContactItemEndpoints items;

    ContactsApiRoutes(HighLevelData data) {
        this.data = data;
        this.contacts = new ContactEndpoints(data);
        this.items = new ContactItemEndpoints(data);
    }

    /** The operation for a method and the path's segments, or null when the API has none there. */
    Route route(String method, List<String> s) {
        int n = s.size();
        if (n == 0 || !s.get(0).equals("contacts")) {
            return null;
        }
        if (n == 1) {
            return switch (method) {
                case "GET" -> new Route("get-contacts", SCOPE_READ, contacts::getContacts);
                case "POST" -> new Route("create-contact", SCOPE_WRITE, contacts::createContact);
                default -> null;
            };
        }
        String second = s.get(1);
        if (n == 2 && second.equals("search") && method.equals("POST")) {
            return new Route("search-contacts-advanced", SCOPE_READ, contacts::search);
        }
        if (n == 2 && second.equals("upsert") && method.equals("POST")) {
            return new Route("upsert-contact", SCOPE_WRITE, contacts::upsertContact);
        }
        if (n == 2) {
            return switch (method) {
                case "GET" -> new Route("get-contact", SCOPE_READ, (r, g) -> contacts.getContact(g, second));
                case "PUT" -> new Route("update-contact", SCOPE_WRITE, (r, g) -> contacts.updateContact(r, g, second));
                case "DELETE" -> new Route("delete-contact", SCOPE_WRITE, (r, g) -> contacts.deleteContact(g, second));
                default -> null;
            };
        }
        if (n == 3 && second.equals("search") && s.get(2).equals("duplicate") && method.equals("GET")) {
            return new Route("get-duplicate-contact", SCOPE_READ, contacts::duplicate);
        }
        if (n == 3 && second.equals("business") && method.equals("GET")) {
            return new Route("get-contacts-by-businessId", SCOPE_READ, (r, g) -> contacts.byBusiness(r, g, s.get(2)));
        }
        String contactId = second;
        String sub = s.get(2);
        if (n == 3) {
            return switch (sub + " " + method) {
                case "tasks GET" -> new Route("get-all-tasks", SCOPE_READ, (r, g) -> ok(Map.of("tasks", data.items().tasks(contactId, g.locationId()))));
                case "tasks POST" -> new Route("create-task", SCOPE_WRITE, (r, g) -> items.createTask(r, g, contactId));
                case "notes GET" -> new Route("get-all-notes", SCOPE_READ, (r, g) -> ok(Map.of("notes", data.items().notes(contactId, g.locationId()))));
                case "notes POST" -> new Route("create-note", SCOPE_WRITE, (r, g) -> items.createNote(r, g, contactId));
                case "tags POST" -> new Route("add-tags", SCOPE_WRITE, (r, g) -> contacts.tags(r, g, contactId, true));
                case "tags DELETE" -> new Route("remove-tags", SCOPE_WRITE, (r, g) -> contacts.tags(r, g, contactId, false));
                case "appointments GET" -> new Route("get-appointments-for-contact", SCOPE_READ,
                        (r, g) -> ok(Map.of("events", data.items().appointments(contactId, g.locationId()))));
                default -> null;
            };
        }
        String itemId = s.get(3);
        if (n == 4 && sub.equals("tasks")) {
            return switch (method) {
                case "GET" -> new Route("get-task", SCOPE_READ, (r, g) -> ok(Map.of("task", data.items().task(contactId, itemId, g.locationId()))));
                case "PUT" -> new Route("update-task", SCOPE_WRITE, (r, g) -> items.updateTask(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-task", SCOPE_WRITE, (r, g) -> {
                    data.items().deleteTask(contactId, itemId, g.locationId());
                    return ok(Map.of("succeded", true));
                });
                default -> null;
            };
        }
        if (n == 4 && sub.equals("notes")) {
            return switch (method) {
                case "GET" -> new Route("get-note", SCOPE_READ, (r, g) -> ok(Map.of("note", data.items().note(contactId, itemId, g.locationId()))));
                case "PUT" -> new Route("update-note", SCOPE_WRITE, (r, g) -> items.updateNote(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-note", SCOPE_WRITE, (r, g) -> {
                    data.items().deleteNote(contactId, itemId, g.locationId());
                    return ok(Map.of("succeded", true));
                });
                default -> null;
            };
        }
        if (n == 5 && sub.equals("tasks") && s.get(4).equals("completed") && method.equals("PUT")) {
            return new Route("update-task-completed", SCOPE_WRITE, (r, g) -> items.completeTask(r, g, contactId, itemId));
        }
        return null;
    }
}
