package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelAuth.SCOPE_READ;
import static io.contactsbridge.sandbox.highlevel.HighLevelAuth.SCOPE_WRITE;

import java.util.List;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * The route table of the Contacts API: method and path segments to the operation (its operationId in
 * contacts.json), the scope it needs, and its handler. Looked up before anything runs, so an unknown
 * route is a 404 whatever the token.
 */
final class HighLevelRoutes {
    /** One API operation: its operationId, the scope it needs, and what it does. */
    record Route(String operationId, String scope, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        SimResponse run(SimRequest request, Auth.Grant grant);
    }

    private final ContactsApi contacts;
    private final TasksNotesApi items;
    private final MembershipsApi memberships;

    HighLevelRoutes(ContactsApi contacts, TasksNotesApi items, MembershipsApi memberships) {
        this.contacts = contacts;
        this.items = items;
        this.memberships = memberships;
    }

    /** The operation for {@code method} on the path {@code s} (its segments), or null. */
    Route route(String method, List<String> s) {
        int n = s.size();
        if (n == 0 || !s.get(0).equals("contacts")) {
            return null;
        }
        if (n == 1) {
            return switch (method) {
                case "GET" -> new Route("get-contacts", SCOPE_READ, contacts::list);
                case "POST" -> new Route("create-contact", SCOPE_WRITE, contacts::create);
                default -> null;
            };
        }
        String second = s.get(1);
        if (n == 2 && second.equals("search") && method.equals("POST")) {
            return new Route("search-contacts-advanced", SCOPE_READ, contacts::search);
        }
        if (n == 2 && second.equals("upsert") && method.equals("POST")) {
            return new Route("upsert-contact", SCOPE_WRITE, contacts::upsert);
        }
        if (n == 2) {
            return switch (method) {
                case "GET" -> new Route("get-contact", SCOPE_READ, (r, g) -> contacts.get(g, second));
                case "PUT" -> new Route("update-contact", SCOPE_WRITE, (r, g) -> contacts.update(r, g, second));
                case "DELETE" -> new Route("delete-contact", SCOPE_WRITE, (r, g) -> contacts.delete(g, second));
                default -> null;
            };
        }
        if (second.equals("bulk")) {
            return bulk(method, s);
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
                case "tasks GET" -> new Route("get-all-tasks", SCOPE_READ, (r, g) -> items.tasks(g, contactId));
                case "tasks POST" -> new Route("create-task", SCOPE_WRITE, (r, g) -> items.createTask(r, g, contactId));
                case "notes GET" -> new Route("get-all-notes", SCOPE_READ, (r, g) -> items.notes(g, contactId));
                case "notes POST" -> new Route("create-note", SCOPE_WRITE, (r, g) -> items.createNote(r, g, contactId));
                case "tags POST" -> new Route("add-tags", SCOPE_WRITE, (r, g) -> contacts.tags(r, g, contactId, true));
                case "tags DELETE" -> new Route("remove-tags", SCOPE_WRITE, (r, g) -> contacts.tags(r, g, contactId, false));
                case "appointments GET" -> new Route("get-appointments-for-contact", SCOPE_READ,
                        (r, g) -> items.appointments(g, contactId));
                case "followers POST" -> new Route("add-followers-contact", SCOPE_WRITE,
                        (r, g) -> memberships.followers(r, g, contactId, true));
                case "followers DELETE" -> new Route("remove-followers-contact", SCOPE_WRITE,
                        (r, g) -> memberships.followers(r, g, contactId, false));
                default -> null;
            };
        }
        String itemId = s.get(3);
        if (n == 4 && sub.equals("tasks")) {
            return switch (method) {
                case "GET" -> new Route("get-task", SCOPE_READ, (r, g) -> items.task(g, contactId, itemId));
                case "PUT" -> new Route("update-task", SCOPE_WRITE, (r, g) -> items.updateTask(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-task", SCOPE_WRITE, (r, g) -> items.deleteTask(g, contactId, itemId));
                default -> null;
            };
        }
        if (n == 4 && sub.equals("notes")) {
            return switch (method) {
                case "GET" -> new Route("get-note", SCOPE_READ, (r, g) -> items.note(g, contactId, itemId));
                case "PUT" -> new Route("update-note", SCOPE_WRITE, (r, g) -> items.updateNote(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-note", SCOPE_WRITE, (r, g) -> items.deleteNote(g, contactId, itemId));
                default -> null;
            };
        }
        if (n == 4 && sub.equals("campaigns")) {
            if (itemId.equals("removeAll")) {
                return method.equals("DELETE") ? new Route("remove-contact-from-every-campaign", SCOPE_WRITE,
                        (r, g) -> memberships.removeFromEveryCampaign(g, contactId)) : null;
            }
            return switch (method) {
                case "POST" -> new Route("add-contact-to-campaign", SCOPE_WRITE,
                        (r, g) -> memberships.addToCampaign(r, g, contactId, itemId));
                case "DELETE" -> new Route("remove-contact-from-campaign", SCOPE_WRITE,
                        (r, g) -> memberships.removeFromCampaign(g, contactId, itemId));
                default -> null;
            };
        }
        if (n == 4 && sub.equals("workflow")) {
            return switch (method) {
                case "POST" -> new Route("add-contact-to-workflow", SCOPE_WRITE,
                        (r, g) -> memberships.workflow(r, g, contactId, itemId, true));
                case "DELETE" -> new Route("delete-contact-from-workflow", SCOPE_WRITE,
                        (r, g) -> memberships.workflow(r, g, contactId, itemId, false));
                default -> null;
            };
        }
        if (n == 5 && sub.equals("tasks") && s.get(4).equals("completed") && method.equals("PUT")) {
            return new Route("update-task-completed", SCOPE_WRITE, (r, g) -> items.completeTask(r, g, contactId, itemId));
        }
        return null;
    }

    /** {@code /contacts/bulk/business} and {@code /contacts/bulk/tags/update/{type}} (POST only). */
    private Route bulk(String method, List<String> s) {
        if (!method.equals("POST")) {
            return null;
        }
        if (s.size() == 3 && s.get(2).equals("business")) {
            return new Route("add-remove-contact-from-business", SCOPE_WRITE, memberships::bulkBusiness);
        }
        if (s.size() == 5 && s.get(2).equals("tags") && s.get(3).equals("update")) {
            String type = s.get(4);
            return new Route("create-association", SCOPE_WRITE, (r, g) -> memberships.bulkTags(r, g, type));
        }
        return null;
    }
}
