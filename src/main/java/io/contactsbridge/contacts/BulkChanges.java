package io.contactsbridge.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * Changes that touch many contacts, on the bulk endpoints ({@code create-association}, i.e.
 * {@code POST /contacts/bulk/tags/update/{type}}, and {@code add-remove-contact-from-business}): one
 * call per batch of contacts instead of one per contact. Composite operations for flows:
 * <ul>
 *   <li>{@code direct:contacts.bulk-tags}: header {@code type} add|remove, body {@code {contacts, tags}};
 *       the contacts are sent in batches of {@value #BATCH_SIZE_SETTING} (default {@value #DEFAULT_BATCH}).</li>
 *   <li>{@code direct:contacts.rename-tag}: headers {@code tagFrom}, {@code tagTo}: every contact of the
 *       location carrying {@code tagFrom} (found with search-contacts-advanced, every page) gets
 *       {@code tagTo} and loses {@code tagFrom}, batch by batch (the new tag first, so no contact is
 *       without either). Idempotent: run again after a failure, it finds only the contacts left.</li>
 *   <li>{@code direct:contacts.bulk-business}: body {@code {ids, businessId}} (null: out of their
 *       business), in batches.</li>
 * </ul>
 * The answer: {@code contacts} (how many), {@code batches}, {@code errors} (the per-contact errors
 * HighLevel reported: deleted contacts, ...). Headers are left as they were, so a flow goes on
 * with its own. HighLevel documents no batch limit; 100 matches its page size.
 */
final class BulkChanges {
    static final String BATCH_SIZE_SETTING = "highlevel.bulk.batch-size";
    static final int DEFAULT_BATCH = 100;
    static final ApiOperation BULK_TAGS = new ApiOperation(ContactsOperations.NAMESPACE, "bulk-tags",
            ContactsOperations.NAMESPACE + ".bulk-tags", null, ApiOperation.API, null,
            List.of(ApiOperation.Param.query("type", "string", "add or remove")),
            "UpdateTagsDTO", null, ContactsOperations.WRITE_SCOPE, true, false, null,
            "Add or remove tags of any number of contacts (body: contacts, tags), one bulk call per batch.");
    static final ApiOperation RENAME_TAG = new ApiOperation(ContactsOperations.NAMESPACE, "rename-tag",
            ContactsOperations.NAMESPACE + ".rename-tag", null, ApiOperation.API, null,
            List.of(ApiOperation.Param.query("tagFrom", "string", "The tag to replace"),
                    ApiOperation.Param.query("tagTo", "string", "The new tag (empty: only remove)")),
            null, null, ContactsOperations.WRITE_SCOPE, true, false, null,
            "Replace a tag on every contact of the location that carries it, one bulk call per batch of contacts.");
    static final ApiOperation BULK_BUSINESS = new ApiOperation(ContactsOperations.NAMESPACE, "bulk-business",
            ContactsOperations.NAMESPACE + ".bulk-business", null, ApiOperation.API, null, List.of(),
            "ContactsBusinessUpdate", null, ContactsOperations.WRITE_SCOPE, true, false, null,
            "Set the business of any number of contacts (body: ids, businessId; null removes it), one bulk call per batch.");
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 1000;

    private final Operations operations;
    private final int batchSize;

    BulkChanges(Operations operations, int batchSize) {
        this.operations = operations;
        this.batchSize = batchSize;
    }

    static RoutesBuilder routes(int batchSize) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                Operations operations = new Operations(getContext(), HighLevelConnector.ID, HighLevelConnector.TITLE,
                        ContactsOperations.NAMESPACE);
                BulkChanges bulk = new BulkChanges(operations, batchSize);
                from(BULK_TAGS.endpoint()).routeId(BULK_TAGS.routeId()).description(BULK_TAGS.description())
                        .errorHandler(noErrorHandler()) // the operation routes retried already
                        .process(ex -> bulk.bulkTags(ex.getMessage()));
                from(BULK_BUSINESS.endpoint()).routeId(BULK_BUSINESS.routeId()).description(BULK_BUSINESS.description())
                        .errorHandler(noErrorHandler())
                        .process(ex -> bulk.bulkBusiness(ex.getMessage()));
                from(RENAME_TAG.endpoint()).routeId(RENAME_TAG.routeId()).description(RENAME_TAG.description())
                        .errorHandler(noErrorHandler())
                        .process(ex -> bulk.renameTag(ex.getMessage()));
            }
        };
    }

    private void bulkTags(Message m) {
        String type = m.getHeader("type", String.class);
        if (!"add".equals(type) && !"remove".equals(type)) {
            throw new Invalid(operations.call(BULK_TAGS), 0, "header type must be add or remove, not '" + type + "'");
        }
        if (!(m.getBody() instanceof Map<?, ?> body) || !(body.get("contacts") instanceof List<?> contacts)
                || !(body.get("tags") instanceof List<?> tags)) {
            throw new Invalid(operations.call(BULK_TAGS), 0, "the body must be {\"contacts\": [ids], \"tags\": [tags]}");
        }
        m.setBody(apply(type, strings(contacts), strings(tags), new Outcome()).toMap());
    }

    private void bulkBusiness(Message m) {
        if (!(m.getBody() instanceof Map<?, ?> body) || !(body.get("ids") instanceof List<?> ids) || !body.containsKey("businessId")
                || body.get("businessId") != null && !(body.get("businessId") instanceof String)) {
            throw new Invalid(operations.call(BULK_BUSINESS), 0,
                    "the body must be {\"ids\": [contact ids], \"businessId\": id or null}");
        }
        List<String> contacts = strings(ids);
        Outcome outcome = new Outcome();
        outcome.contacts = contacts.size();
        for (int from = 0; from < contacts.size(); from += batchSize) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("ids", contacts.subList(from, Math.min(contacts.size(), from + batchSize)));
            request.put("businessId", body.get("businessId"));
            operations.callForMap(ContactsOperations.BULK_BUSINESS, Map.of(), request);
            outcome.batches++;
        }
        m.setBody(outcome.toMap());
    }

    private void renameTag(Message m) {
        String from = tag(m.getHeader("tagFrom", String.class));
        String to = tag(m.getHeader("tagTo", String.class));
        if (from == null) {
            throw new Invalid(operations.call(RENAME_TAG), 0, "header tagFrom (the tag to replace) is missing");
        }
        Outcome outcome = new Outcome();
        if (from.equals(to)) {
            m.setBody(outcome.toMap());
            return;
        }
        List<String> carrying = carrying(from);
        if (to != null) {
            apply("add", carrying, List.of(to), outcome);
        }
        apply("remove", carrying, List.of(from), outcome);
        m.setBody(outcome.toMap());
    }

    /** Every contact of the location whose tags include {@code tag}. */
    @SuppressWarnings("unchecked")
    private List<String> carrying(String tag) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        List<Object> searchAfter = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pageLimit", PAGE);
            body.put("filters", List.of(Map.of("field", "tags", "operator", "eq", "value", tag)));
            body.put("sort", List.of(Map.of("field", "dateAdded", "direction", "asc")));
            if (searchAfter != null) {
                body.put("searchAfter", searchAfter);
            }
            Map<String, Object> answer = operations.callForMap("search-contacts-advanced", Map.of(), body);
            List<Map<String, Object>> contacts = answer.get("contacts") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            contacts.stream().map(c -> c.get("id")).filter(id -> id != null).forEach(id -> ids.add(id.toString()));
            if (contacts.size() < PAGE || !(contacts.get(contacts.size() - 1).get("searchAfter") instanceof List<?> next)) {
                break;
            }
            searchAfter = (List<Object>) next;
        }
        return new ArrayList<>(ids);
    }

    private Outcome apply(String type, List<String> contacts, List<String> tags, Outcome outcome) {
        outcome.contacts = Math.max(outcome.contacts, contacts.size());
        for (int from = 0; from < contacts.size(); from += batchSize) {
            List<String> batch = contacts.subList(from, Math.min(contacts.size(), from + batchSize));
            Map<String, Object> answer = operations.callForMap(ContactsOperations.BULK_TAGS, Map.of("type", type),
                    Map.of("contacts", batch, "tags", tags));
            outcome.batches++;
            if (answer.get("responses") instanceof List<?> responses) {
                for (Object r : responses) {
                    if (r instanceof Map<?, ?> one && "error".equals(one.get("type"))) {
                        outcome.errors.add(Map.of("contactId", String.valueOf(one.get("contactId")),
                                "message", String.valueOf(one.get("message"))));
                    }
                }
            }
        }
        return outcome;
    }

    /** HighLevel keeps tags trimmed and lower-case. */
    private static String tag(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> strings(List<?> values) {
        return values.stream().filter(v -> v != null).map(Object::toString).toList();
    }

    private static final class Outcome {
        int contacts;
        int batches;
        final List<Map<String, String>> errors = new ArrayList<>();

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contacts", contacts);
            m.put("batches", batches);
            m.put("errors", errors);
            return m;
        }
    }
}
