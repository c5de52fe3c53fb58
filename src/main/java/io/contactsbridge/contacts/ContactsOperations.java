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
    /** Bulk: set (or clear, businessId null) the business of many contacts in one call. */
    public static final String BULK_BUSINESS = "add-remove-contact-from-business";
    /**
     * Bulk: add or remove tags of many contacts in one call ({@code POST /contacts/bulk/tags/update/{type}},
     * type {@code add} or {@code remove}); the spec's operationId for it is, mistakenly, create-association,
     * and it forgets to declare {@code type} (the path has it, so the table does).
     */
    public static final String BULK_TAGS = "create-association";

    private static final String R = READ_SCOPE;
    private static final String W = WRITE_SCOPE;
    private static final Param CONTACT = path("contactId", "Contact id");
    private static final Param TASK = path("taskId", "Task id");
    private static final Param NOTE = path("id", "Note id");
    private static final Param CAMPAIGN = path("campaignId", "Campaign id");
    private static final Param WORKFLOW = path("workflowId", "Workflow id");
    private static final Set<String> TAKES_LOCATION = Set.of("create-contact", "upsert-contact", "search-contacts-advanced",
            BULK_BUSINESS, BULK_TAGS);
    /** Operations that make a new record (never re-sent blindly); the bulk tag update is named create-association but only edits. */
    private static final Set<String> CREATES = Set.of("create-contact", "create-task", "create-note");

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
        add("add-followers-contact", "POST", "/contacts/{contactId}/followers", List.of(CONTACT), "FollowersDTO", W,
                "Add followers (user ids) to a contact.");
        add("remove-followers-contact", "DELETE", "/contacts/{contactId}/followers", List.of(CONTACT), "FollowersDTO", W,
                "Remove followers (user ids) from a contact.");
        add("add-contact-to-campaign", "POST", "/contacts/{contactId}/campaigns/{campaignId}", List.of(CONTACT, CAMPAIGN),
                "AddContactToCampaignDto", W, "Add a contact to a campaign (body: {}).");
        add("remove-contact-from-campaign", "DELETE", "/contacts/{contactId}/campaigns/{campaignId}", List.of(CONTACT, CAMPAIGN),
                null, W, "Remove a contact from a campaign.");
        add("remove-contact-from-every-campaign", "DELETE", "/contacts/{contactId}/campaigns/removeAll", List.of(CONTACT),
                null, W, "Remove a contact from every campaign.");
        add("add-contact-to-workflow", "POST", "/contacts/{contactId}/workflow/{workflowId}", List.of(CONTACT, WORKFLOW),
                "CreateWorkflowDto", W, "Add a contact to a workflow (body: {} or {eventStartTime}).");
        add("delete-contact-from-workflow", "DELETE", "/contacts/{contactId}/workflow/{workflowId}", List.of(CONTACT, WORKFLOW),
                "CreateWorkflowDto", W, "Remove a contact from a workflow (body: {} or {eventStartTime}).");
        // the spec declares no security for the two bulk operations; they change contacts, so contacts.write
        add(BULK_BUSINESS, "POST", "/contacts/bulk/business", List.of(), "ContactsBusinessUpdate", W,
                "Bulk: set the business of many contacts (body: ids, businessId; null removes them from their business).");
        add(BULK_TAGS, "POST", "/contacts/bulk/tags/update/{type}", List.of(path("type", "add or remove")), "UpdateTagsDTO", W,
                "Bulk: add or remove tags of many contacts (type add|remove; body: contacts, tags, removeAllTags).");
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
                CREATES.contains(id), paging, description));
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<ApiOperation> find(String operationId) {
        return Optional.ofNullable(ALL.get(operationId));
    }
}
