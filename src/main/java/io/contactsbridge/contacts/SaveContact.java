package io.contactsbridge.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.FieldValues;
import io.contactsbridge.connector.Write;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code direct:contacts.save-contact}: saves the mapped contact in the body with as few calls as
 * HighLevel allows, and never a duplicate. With header {@code contactId} (the linked contact):
 * update-contact. Otherwise a contact with the same e-mail (then phone) is looked up with
 * get-duplicate-contact and updated; only when there is none, upsert-contact creates it, its answer
 * is compared field by field and what did not stick is sent again with update-contact (upsert has
 * been seen to drop a phone or a secondary e-mail). A linked contact that is gone (404) is looked up
 * the same way. update-contact would replace the tags people gave the contact in HighLevel: the
 * update goes without tags, and only tags the answer lacks are added (add-tags adds, never removes).
 * A {@code businessId} in the body (neither create, upsert nor update takes one) is set afterwards
 * with add-remove-contact-from-business, only when the saved contact is not in that business already.
 *
 * <p>Answer: {@code {"contact": {...}}}; header {@value Write#HEADER} lists every write made (for the
 * audit), {@code ApiDryRun} when dry run kept them from being sent.
 */
final class SaveContact {
    /** The composite operation as {@code call}, {@code catalog} and the flows know it. */
    static final ApiOperation OPERATION = new ApiOperation(ContactsOperations.NAMESPACE, "save-contact",
            ContactsOperations.NAMESPACE + ".save-contact", null, ApiOperation.API, null,
            List.of(ApiOperation.Param.query("contactId", "string", "The linked contact, when known")),
            "CreateContactDto", null, ContactsOperations.WRITE_SCOPE, true, true, null,
            "Save a mapped contact: update the linked one, else the one with the same e-mail or phone, else upsert;"
                    + " fields the upsert dropped are sent again, tags only added, a businessId set apart.");
    /** Contact fields the upsert answer is compared on (scalar fields of the contact schema, and tags). */
    static final Set<String> COMPARED_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "companyName", "address1", "city", "state", "postalCode", "country", "website", "timezone", "dnd",
            "source", "assignedTo", "dateOfBirth", "tags");

    private final Operations operations;
    private final List<Write> writes = new ArrayList<>();

    private SaveContact(Operations operations) {
        this.operations = operations;
    }

    /** {@code direct:contacts.save-contact}, calling the operation routes through one shared template. */
    static RoutesBuilder route() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                Operations operations = new Operations(getContext(), HighLevelConnector.ID, HighLevelConnector.TITLE,
                        ContactsOperations.NAMESPACE);
                from(OPERATION.endpoint()).routeId(OPERATION.routeId()).description(OPERATION.description())
                        // the operation routes retried already; the caller decides what a failure means
                        .errorHandler(noErrorHandler())
                        .process(ex -> new SaveContact(operations).run(ex.getMessage()));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private void run(Message m) {
        if (!(m.getBody() instanceof Map<?, ?> body)) {
            throw new IllegalArgumentException("contacts.save-contact needs the mapped contact as a Map body");
        }
        Map<String, Object> request = new LinkedHashMap<>((Map<String, Object>) body);
        Object business = request.remove("businessId");
        String contactId = m.getHeader("contactId", String.class);
        String detail = null;
        Map<String, Object> answer = null;
        if (contactId != null && !contactId.isBlank()) {
            try {
                answer = update(contactId, request, null);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                detail = "linked contact " + contactId + " no longer exists; ";
            }
        }
        if (answer == null) {
            // an earlier attempt may have sent the create (the sync core's create intent): the upsert looks first
            answer = matchOrCreate(request, detail, m.getHeader(ApiClient.CREATE_SENT_BEFORE_HEADER, String.class));
        }
        if (business != null) {
            answer = joinBusiness(answer, business.toString());
        }
        m.setBody(answer);
        m.setHeader(Write.HEADER, List.copyOf(writes));
        if (writes.stream().anyMatch(Write::dryRun)) {
            m.setHeader(ApiClient.DRY_RUN_HEADER, true);
        }
    }

    private Map<String, Object> matchOrCreate(Map<String, Object> request, String detail, String sentBefore) {
        for (String[] key : new String[][] {{"email", "email"}, {"phone", "number"}}) {
            Object value = request.get(key[0]);
            if (value != null && !value.toString().isBlank()) {
                String found = findDuplicate(key[1], value.toString());
                if (found != null) {
                    return update(found, request, (detail == null ? "" : detail) + "matched existing contact by " + key[0]);
                }
            }
        }
        Map<String, Object> answer = operations.callForMap("upsert-contact",
                sentBefore == null ? Map.of() : Map.of(ApiClient.CREATE_SENT_BEFORE_HEADER, sentBefore), request);
        boolean dry = dryRun(answer);
        writes.add(new Write("upsert-contact", detail, dry));
        Map<String, Object> contact = contact(answer);
        Object id = contact == null ? null : contact.get("id");
        if (id != null && !dry) {
            Map<String, Object> missing = notKept(request, contact);
            if (!missing.isEmpty()) {
                Map<String, Object> fixed = operations.callForMap("update-contact", Map.of("contactId", id.toString()), missing);
                writes.add(new Write("update-contact", "upsert did not keep " + String.join(", ", missing.keySet()),
                        dryRun(fixed)));
            }
        }
        return answer;
    }

    private Map<String, Object> update(String contactId, Map<String, Object> request, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>(request);
        Object tags = fields.remove("tags");
        Map<String, Object> answer = operations.callForMap("update-contact", Map.of("contactId", contactId), fields);
        boolean dry = dryRun(answer);
        writes.add(new Write("update-contact", detail, dry));
        if (tags instanceof List<?> wanted && !wanted.isEmpty() && !dry) {
            Map<String, Object> contact = contact(answer);
            if (!FieldValues.valueCovers(contact == null ? null : contact.get("tags"), wanted, "tags")) {
                operations.call("add-tags", Map.of("contactId", contactId), Map.of("tags", wanted));
            }
        }
        if (dry) {
            // what the update would have answered: the contact with its id
            Map<String, Object> would = new LinkedHashMap<>(request);
            would.put("id", contactId);
            return Map.of("contact", would, "dryRun", true);
        }
        return answer;
    }

    /** The answer with the contact in {@code businessId}, put there unless it is already. */
    private Map<String, Object> joinBusiness(Map<String, Object> answer, String businessId) {
        Map<String, Object> contact = contact(answer);
        Object id = contact == null ? null : contact.get("id");
        if (id == null || businessId.isBlank() || businessId.equals(contact.get("businessId"))) {
            return answer;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("ids", List.of(id.toString()));
        request.put("businessId", businessId);
        Map<String, Object> result = operations.callForMap(ContactsOperations.BULK_BUSINESS, Map.of(), request);
        writes.add(new Write(ContactsOperations.BULK_BUSINESS, "business " + businessId, dryRun(result)));
        Map<String, Object> joined = new LinkedHashMap<>(contact);
        joined.put("businessId", businessId);
        Map<String, Object> out = new LinkedHashMap<>(answer);
        out.put("contact", joined);
        return out;
    }

    private String findDuplicate(String param, String value) {
        try {
            Map<String, Object> contact = contact(operations.callForMap("get-duplicate-contact", Map.of(param, value), null));
            Object id = contact == null ? null : contact.get("id");
            return id == null ? null : id.toString();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The fields of the request the returned contact does not hold (tags: the union to send). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> notKept(Map<String, Object> request, Map<String, Object> contact) {
        Map<String, Object> missing = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : request.entrySet()) {
            String k = e.getKey();
            if (!COMPARED_CONTACT_FIELDS.contains(k) || e.getValue() == null) {
                continue;
            }
            if (!FieldValues.valueCovers(contact.get(k), e.getValue(), k)) {
                if (k.equals("tags") && contact.get(k) instanceof List<?> had && e.getValue() instanceof List<?> want) {
                    Set<Object> union = new LinkedHashSet<>((List<Object>) had);
                    union.addAll(want);
                    missing.put(k, new ArrayList<>(union));
                } else {
                    missing.put(k, e.getValue());
                }
            }
        }
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contact(Map<String, Object> answer) {
        return answer != null && answer.get("contact") instanceof Map<?, ?> c ? (Map<String, Object>) c : null;
    }

    private static boolean dryRun(Map<String, Object> answer) {
        return answer != null && Boolean.TRUE.equals(answer.get("dryRun"));
    }
}
