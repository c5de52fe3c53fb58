package io.contactsbridge.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.http.ApiClient;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Test double of the Contacts API operation routes ({@code direct:contacts.<operationId>}): path and
 * query parameters as headers, body and answer as maps shaped like the spec, typed errors. Keeps
 * contacts in memory and records every call, so tests count writes. Also a fake "test" system's
 * {@code direct:test.upsert-client} for reverse flows.
 */
public class FakeContactsApi extends RouteBuilder {
    public final Map<String, Map<String, Object>> contacts = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> testClientWrites = new CopyOnWriteArrayList<>();
    /** Upserts with these e-mails answer 422 (like a custom field HighLevel refuses). */
    public final Set<String> rejectedEmails = ConcurrentHashMap.newKeySet();
    /** The next n calls answer 503. */
    public final AtomicInteger transientFailures = new AtomicInteger();
    /** The next n writes are applied, then answer 503 (the answer is lost after the change was made). */
    public final AtomicInteger failAfterApplying = new AtomicInteger();
    /** Per call, the earlier attempt a create was told about ({@code ApiCreateSentBefore}), or "-". */
    public final List<String> sentBefore = new CopyOnWriteArrayList<>();
    /** Like HighLevel issue #37: the upsert ignores the phone of an existing or new contact. */
    public volatile boolean upsertDropsPhone;
    public volatile boolean dryRun;
    private final AtomicInteger ids = new AtomicInteger();

    static final class FakeApiException extends ApiException {
        private final boolean permanent;

        FakeApiException(int status, String message, boolean permanent) {
            super(new io.contactsbridge.api.ApiCall("highlevel", "HighLevel", "fake"), status, message, null);
            this.permanent = permanent;
        }

        @Override
        public boolean permanent() {
            return permanent;
        }
    }

    public List<String> writes() {
        return calls.stream().filter(c -> !c.startsWith("get-")).toList();
    }

    @Override
    public void configure() {
        op("get-duplicate-contact", e -> {
            String email = e.getMessage().getHeader("email", String.class);
            String number = e.getMessage().getHeader("number", String.class);
            Map<String, Object> found = find(email, number);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("contact", found == null ? null : new LinkedHashMap<>(found));
            return answer;
        });
        op("get-contact", e -> Map.of("contact", existing(e)));
        op("upsert-contact", e -> {
            Map<String, Object> body = body(e);
            Object email = body.get("email");
            if (email != null && rejectedEmails.contains(email.toString())) {
                throw new FakeApiException(422, "customFields: value not allowed for " + email, true);
            }
            if (dryRun) {
                e.getMessage().setHeader("ContactsDryRun", true);
                return Map.of("dryRun", true, "operation", "upsert-contact");
            }
            Map<String, Object> contact = find((String) email, (String) body.get("phone"));
            boolean created = contact == null;
            if (created) {
                contact = new LinkedHashMap<>();
                contact.put("id", "c" + ids.incrementAndGet());
                contacts.put((String) contact.get("id"), contact);
            }
            merge(contact, body, upsertDropsPhone);
            return Map.of("new", created, "contact", new LinkedHashMap<>(contact));
        });
        op("update-contact", e -> {
            Map<String, Object> contact = existing(e);
            if (dryRun) {
                e.getMessage().setHeader("ContactsDryRun", true);
                return Map.of("dryRun", true, "operation", "update-contact");
            }
            merge(contact, body(e), false);
            return Map.of("succeded", true, "contact", new LinkedHashMap<>(contact));
        });
        op("add-tags", e -> {
            Map<String, Object> contact = existing(e);
            merge(contact, Map.of("tags", body(e).get("tags")), false);
            return Map.of("tags", contact.get("tags"));
        });
        op("delete-contact", e -> {
            contacts.remove(existing(e).get("id"));
            return Map.of("succeded", true);
        });
        from("direct:test.upsert-client").routeId("fake-test-upsert-client").process(e -> {
            calls.add("test.upsert-client");
            testClientWrites.add(new LinkedHashMap<>(body(e)));
            e.getMessage().setBody(Map.of("id", e.getMessage().getHeader("syncTargetId") == null ? "tc-"
                    + testClientWrites.size() : e.getMessage().getHeader("syncTargetId")));
        });
    }

    private interface Op {
        Object answer(Exchange e);
    }

    private void op(String operationId, Op op) {
        from("direct:contacts." + operationId).routeId("fake-contacts-" + operationId).process(e -> {
            calls.add(operationId);
            sentBefore.add(e.getMessage().getHeader(ApiClient.CREATE_SENT_BEFORE_HEADER, "-", String.class));
            if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new FakeApiException(503, "service unavailable", false);
            }
            e.getMessage().setBody(op.answer(e));
            if (!operationId.startsWith("get-") && failAfterApplying.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new FakeApiException(503, "service unavailable (after applying the change)", false);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Exchange e) {
        Object b = e.getMessage().getBody();
        return b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private Map<String, Object> existing(Exchange e) {
        String id = e.getMessage().getHeader("contactId", String.class);
        Map<String, Object> c = id == null ? null : contacts.get(id);
        if (c == null) {
            throw new FakeApiException(404, "contact " + id + " not found", true);
        }
        return c;
    }

    private Map<String, Object> find(String email, String phone) {
        for (Map<String, Object> c : contacts.values()) {
            if (email != null && email.equalsIgnoreCase(String.valueOf(c.get("email")))) {
                return c;
            }
        }
        for (Map<String, Object> c : contacts.values()) {
            if (phone != null && phone.equals(c.get("phone"))) {
                return c;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> contact, Map<String, Object> body, boolean dropPhone) {
        body.forEach((k, v) -> {
            if (k.equals("phone") && dropPhone) {
                return;
            }
            if (k.equals("tags") && v instanceof List<?> tags) {
                Set<Object> all = new LinkedHashSet<>((List<Object>) contact.getOrDefault("tags", List.of()));
                tags.forEach(t -> all.add(t.toString().toLowerCase(Locale.ROOT)));
                contact.put("tags", new ArrayList<>(all));
            } else {
                contact.put(k, v);
            }
        });
        contact.put("dateUpdated", java.time.Instant.now().toString());
    }

    public List<Map<String, Object>> contactList() {
        return Collections.unmodifiableList(new ArrayList<>(contacts.values()));
    }
}
