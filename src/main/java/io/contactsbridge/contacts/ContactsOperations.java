package io.contactsbridge.contacts;

import static io.contactsbridge.connector.http.ApiOperation.Param.path;
import static io.contactsbridge.connector.http.ApiOperation.Param.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.contactsbridge.connector.http.ApiOperation.Param;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.Paging;

/**
 * The table of every Contacts API operation the bridge uses, taken from the vendor's OpenAPI
 * ({@code vendor/highlevel/apps/contacts.json}); a test compares each row with the spec, so a typo
 * here fails the build rather than a request. Routes {@code direct:contacts.<operationId>}, route id
 * {@code contacts.<operationId>} (named after the endpoint, as every connector's).
 */
public final class ContactsOperations {
    public static final String NAMESPACE = "contacts";
    public static final String READ_SCOPE = "contacts.readonly";
    public static final String WRITE_SCOPE = "contacts.write";
    /** The default of every {@code locationId} parameter and body field: the configured location. */
    public static final String LOCATION = "locationId";

    private static final String R = READ_SCOPE;
    private static final String W = WRITE_SCOPE;
    private static final Param CONTACT = path("contactId", "Contact id");
    private static final Param TASK = path("taskId", "Task id");
    private static final Param NOTE = path("id", "Note id");
    private static final Set<String> TAKES_LOCATION = Set.of("create-contact", "upsert-contact", "search-contacts-advanced");

    private static final Map<String, ApiOperation> ALL = new LinkedHashMap<>();

    static {
        add("get-contact", "GET", "/contacts/{contactId}", List.of(CONTACT), null, R, "Get one contact.");
        add("get-contacts", "GET", "/contacts/", List.of(location(),
                        query("startAfterId", "string", "Id of the last contact of the previous page"),
                        query("startAfter", "number", "Timestamp of the last contact of the previous page"),
                        query("query", "string", "Search text"),
                        query("limit", "number", "Page size (up to 100, default 20)")),
                null, R, Paging.startAfter("contacts", 100), "List contacts of the location (followPages=true: all pages).");
        add("get-contacts-by-businessId", "GET", "/contacts/business/{businessId}", List.of(
                        path("businessId", "Business id"),
                        query("limit", "string", "Page size (default 25)"),
                        location(),
                        query("skip", "string", "Number of contacts to skip"),
                        query("query", "string", "Search text")),
                null, R, Paging.offset("contacts", "skip", "limit", 100, false),
                "List the contacts of a business (followPages=true: all pages).");
        add("create-contact", "POST", "/contacts/", List.of(), "CreateContactDto", W, "Create a contact.");
        add("update-contact", "PUT", "/contacts/{contactId}", List.of(CONTACT), "UpdateContactDto", W, "Update a contact.");
        add("upsert-contact", "POST", "/contacts/upsert", List.of(), "UpsertContactDto", W,
                "Create or update the contact matched by e-mail/phone (compare the result: upsert can drop fields).");
        add("delete-contact", "DELETE", "/contacts/{contactId}", List.of(CONTACT), null, W, "Delete a contact.");
        add("search-contacts-advanced", "POST", "/contacts/search", List.of(), "SearchBodyV2DTO", R,
                "Search contacts with filters (body: locationId, filters, pageLimit, ...).");
        add("get-duplicate-contact", "GET", "/contacts/search/duplicate", List.of(location(),
                        query("number", "string", "Phone number"),
                        query("email", "string", "E-mail address")),
                null, R, "Find the contact a new one would duplicate (by e-mail, then phone).");
        add("get-all-tasks", "GET", "/contacts/{contactId}/tasks", List.of(CONTACT), null, R, "List the tasks of a contact.");
        add("get-task", "GET", "/contacts/{contactId}/tasks/{taskId}", List.of(CONTACT, TASK), null, R, "Get one task.");
        add("create-task", "POST", "/contacts/{contactId}/tasks", List.of(CONTACT), "CreateTaskParams", W, "Create a task.");
        add("update-task", "PUT", "/contacts/{contactId}/tasks/{taskId}", List.of(CONTACT, TASK), "UpdateTaskBody", W,
                "Update a task.");
        add("update-task-completed", "PUT", "/contacts/{contactId}/tasks/{taskId}/completed", List.of(CONTACT, TASK),
                "UpdateTaskStatusParams", W, "Mark a task completed or open.");
        add("delete-task", "DELETE", "/contacts/{contactId}/tasks/{taskId}", List.of(CONTACT, TASK), null, W, "Delete a task.");
        add("get-all-notes", "GET", "/contacts/{contactId}/notes", List.of(CONTACT), null, R, "List the notes of a contact.");
        add("get-note", "GET", "/contacts/{contactId}/notes/{id}", List.of(CONTACT, NOTE), null, R, "Get one note.");
        add("create-note", "POST", "/contacts/{contactId}/notes", List.of(CONTACT), "NotesDTO", W, "Create a note.");
        add("update-note", "PUT", "/contacts/{contactId}/notes/{id}", List.of(CONTACT, NOTE), "UpdateNoteDTO", W, "Update a note.");
        add("delete-note", "DELETE", "/contacts/{contactId}/notes/{id}", List.of(CONTACT, NOTE), null, W, "Delete a note.");
        add("add-tags", "POST", "/contacts/{contactId}/tags", List.of(CONTACT), "TagsDTO", W, "Add tags to a contact.");
        add("remove-tags", "DELETE", "/contacts/{contactId}/tags", List.of(CONTACT), "TagsDTO", W, "Remove tags from a contact.");
        add("get-appointments-for-contact", "GET", "/contacts/{contactId}/appointments", List.of(CONTACT), null, R,
                "List the appointments of a contact.");
    }

    private ContactsOperations() {
    }

    private static Param location() {
        return Param.requiredQuery("locationId", "string", LOCATION, "Location id (default: HIGHLEVEL_LOCATION_ID)");
    }

    private static void add(String id, String method, String path, List<Param> params, String body, String scope,
                            String description) {
        add(id, method, path, params, body, scope, null, description);
    }

    private static void add(String id, String method, String path, List<Param> params, String body, String scope,
                            Paging paging, String description) {
        ALL.put(id, new ApiOperation(NAMESPACE, id, NAMESPACE + "." + id, method, ApiOperation.API, path, params, body,
                TAKES_LOCATION.contains(id) ? Set.of(LOCATION) : Set.of(), scope, W.equals(scope),
                id.startsWith("create-"), paging, description));
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<ApiOperation> find(String operationId) {
        return Optional.ofNullable(ALL.get(operationId));
    }
}
