package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation route against the simulator; every request validated against contacts.json. */
class ContactsOperationsTest {
    static HighLevelTestSupport hl;

    @BeforeAll
    static void start() {
        hl = HighLevelTestSupport.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (hl != null) {
            hl.close();
        }
    }

    @BeforeEach
    void fresh() {
        hl.reset();
    }

    @AfterEach
    void conform() {
        hl.assertSpecConform();
    }

    // ---- the table and the validator themselves -----------------------------------------

    /**
     * Every operationId of contacts.json (the vendor copy, with only the parser's mechanical fixes)
     * is a row of the table, and every row matches the spec: a new operation in a refreshed spec
     * fails here until the bridge has it.
     */
    @Test
    void tableMatchesTheVendorSpec() throws Exception {
        JsonNode spec = new ObjectMapper().readTree(SpecRequestValidator.loadSpec());
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        spec.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (m.getValue().has("operationId")) {
                byId.put(m.getValue().get("operationId").asText(), m.getValue());
                where.put(m.getValue().get("operationId").asText(), m.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(byId).hasSize(32);
        assertThat(ContactsOperations.all()).extracting(ApiOperation::operationId)
                .as("the bridge has every operation of contacts.json, and no other")
                .containsExactlyInAnyOrderElementsOf(byId.keySet());
        for (ApiOperation op : ContactsOperations.all()) {
            JsonNode s = byId.get(op.operationId());
            assertThat(s).as(op.operationId()).isNotNull();
            assertThat(op.method() + " " + op.path()).as(op.operationId()).isEqualTo(where.get(op.operationId()));
            if (s.has("security")) {
                assertThat(op.scope()).as(op.operationId()).isEqualTo(s.get("security").get(0).get("bearer").get(0).asText());
            } else {
                // the two bulk operations declare no security; they change contacts
                assertThat(op.scope()).as(op.operationId()).isEqualTo(ContactsOperations.WRITE_SCOPE);
            }
            assertThat(op.write()).as(op.operationId()).isEqualTo(op.scope().equals(ContactsOperations.WRITE_SCOPE));
            List<String> specParams = new ArrayList<>();
            for (JsonNode p : s.get("parameters")) {
                if (!p.get("in").asText().equals("header")) {
                    specParams.add(p.get("name").asText() + "/" + p.get("in").asText() + "/" + p.path("required").asBoolean());
                }
            }
            List<String> ours = op.params().stream()
                    .map(p -> p.name() + "/" + p.in().name().toLowerCase() + "/" + p.required()).toList();
            assertThat(ours).as(op.operationId()).containsExactlyInAnyOrderElementsOf(specParams);
            String body = s.has("requestBody")
                    ? s.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asText()
                            .replace("#/components/schemas/", "")
                    : null;
            assertThat(op.bodySchema()).as(op.operationId()).isEqualTo(body);
        }
    }

    @Test
    void validatorRefusesARequestThatBreaksTheSpec() {
        // no Version header, a task without its required fields: the validator must say so
        SimRequest bad = SimRequest.of("POST", "/contacts/abc/tasks", null,
                Map.of("Authorization", "Bearer x", "Content-Type", "application/json"), "{\"body\":\"x\"}".getBytes());
        assertThat(SpecRequestValidator.validate(bad)).anyMatch(e -> e.contains("Version"))
                .anyMatch(e -> e.contains("title") || e.contains("required"));
    }

    @Test
    void everyOperationIsARouteWithItsId() {
        Set<String> ids = new TreeSet<>();
        for (Route r : hl.bridge.context().getRoutes()) {
            ids.add(r.getRouteId());
        }
        for (ApiOperation op : ContactsOperations.all()) {
            // route ids are named after their endpoints (issue 11), as every connector's
            assertThat(op.routeId()).isEqualTo("contacts." + op.operationId());
            assertThat(ids).contains(op.routeId());
            assertThat(hl.bridge.context().getRoute(op.routeId()).getEndpoint().getEndpointUri())
                    .isEqualTo("direct://contacts." + op.operationId());
        }
    }

    // ---- contacts ---------------------------------------------------------------------------

    @Test
    void contactLifecycle() {
        Map<String, Object> created = hl.call("create-contact", Map.of(),
                Map.of("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.com", "phone", "+14155550100"));
        String id = (String) contact(created).get("id");
        assertThat(hl.sim.contact(id)).isPresent();
        assertThat(hl.sim.contact(id).get().get("locationId")).isEqualTo(HighLevelSimulator.LOCATION_ID);

        assertThat(contact(hl.call("get-contact", Map.of("contactId", id), null)).get("email")).isEqualTo("ada@example.com");

        // a JSON string body works as well as a Map
        hl.call("update-contact", Map.of("contactId", id), "{\"website\":\"https://engines.example\"}");
        assertThat(hl.sim.contact(id).get().get("website")).isEqualTo("https://engines.example");

        Map<String, Object> upserted = hl.call("upsert-contact", Map.of(),
                Map.of("email", "ada@example.com", "city", "London"));
        assertThat(contact(upserted).get("id")).isEqualTo(id);
        assertThat(hl.sim.contact(id).get().get("city")).isEqualTo("London");

        Map<String, Object> dup = hl.call("get-duplicate-contact", Map.of("email", "ada@example.com"), null);
        assertThat(contact(dup).get("id")).isEqualTo(id);

        Map<String, Object> list = hl.call("get-contacts", Map.of("query", "Ada", "limit", 10), null);
        assertThat(ids(list)).containsExactly(id);

        Map<String, Object> search = hl.call("search-contacts-advanced", Map.of(),
                Map.of("pageLimit", 10, "filters", List.of(Map.of("field", "email", "operator", "eq", "value", "ada@example.com"))));
        assertThat(ids(search)).containsExactly(id);

        hl.call("delete-contact", Map.of("contactId", id), null);
        assertThat(hl.sim.contact(id)).isEmpty();
        assertThatThrownBy(() -> hl.call("get-contact", Map.of("contactId", id), null)).isInstanceOf(NotFound.class);
    }

    @Test
    void contactsOfABusiness() {
        for (int i = 0; i < 3; i++) {
            hl.sim.userCreateContact(Map.of("firstName", "B" + i, "email", "b" + i + "@example.com", "businessId", "biz-1"));
        }
        hl.sim.userCreateContact(Map.of("firstName", "Other", "email", "o@example.com", "businessId", "biz-2"));
        Map<String, Object> page = hl.call("get-contacts-by-businessId", Map.of("businessId", "biz-1", "limit", "2"), null);
        assertThat(list(page, "contacts")).hasSize(2);
        Map<String, Object> all = hl.call("get-contacts-by-businessId",
                Map.of("businessId", "biz-1", "limit", "2", "followPages", "true"), null);
        assertThat(list(all, "contacts")).hasSize(3);
        assertThat(all.get("truncated")).isEqualTo(false);
        // every page kept locationId (and limit): the log shows skip advancing
        assertThat(hl.log().entries()).filteredOn(e -> e.path().startsWith("/contacts/business/"))
                .allMatch(e -> e.query().contains("locationId=sandbox-location") && e.query().contains("limit=2"));
    }

    @Test
    void getContactsFollowsEveryPageKeepingEveryQueryParameter() {
        for (int i = 0; i < 7; i++) {
            hl.sim.userCreateContact(Map.of("firstName", "Page" + i, "email", "p" + i + "@example.com"));
        }
        hl.sim.userCreateContact(Map.of("firstName", "Someone", "email", "s@example.com"));
        Map<String, Object> all = hl.call("get-contacts", Map.of("limit", 3, "query", "Page", "followPages", true), null);
        assertThat(list(all, "contacts")).hasSize(7);
        assertThat(all.get("pages")).isEqualTo(3);
        List<String> queries = hl.log().entries().stream().filter(e -> e.path().equals("/contacts/")).map(e -> e.query()).toList();
        assertThat(queries).hasSize(3).allMatch(q -> q.contains("locationId=sandbox-location") && q.contains("query=Page")
                && q.contains("limit=3"));
        assertThat(queries.get(1)).contains("startAfterId=");
    }

    @Test
    void pagingStopsAtTheCap() throws Exception {
        for (int i = 0; i < 5; i++) {
            hl.sim.userCreateContact(Map.of("firstName", "Cap" + i, "email", "c" + i + "@example.com"));
        }
        try (HighLevelTestSupport capped = HighLevelTestSupport.start(Map.of(HighLevelConfig.MAX_PAGES, "2"))) {
            for (int i = 0; i < 5; i++) {
                capped.sim.userCreateContact(Map.of("firstName", "Cap" + i, "email", "c" + i + "@example.com"));
            }
            Exchange answer = capped.send("get-contacts", Map.of("limit", 2, "followPages", "true"), null);
            assertThat(answer.getException()).isNull();
            assertThat(list(answer.getMessage().getBody(Map.class), "contacts")).hasSize(4);
            assertThat(answer.getMessage().getHeader(ApiClient.PAGES_TRUNCATED_HEADER)).isEqualTo(true);
            capped.assertSpecConform();
        }
    }

    // ---- tasks, notes, tags, appointments ---------------------------------------------------

    @Test
    void taskLifecycle() {
        String contactId = newContact("tasks@example.com");
        Map<String, Object> created = hl.call("create-task", Map.of("contactId", contactId),
                Map.of("title", "Call back", "dueDate", "2030-01-02T10:00:00Z", "completed", false));
        String taskId = (String) map(created, "task").get("id");
        assertThat(hl.sim.tasks(contactId)).hasSize(1);

        assertThat(list(hl.call("get-all-tasks", Map.of("contactId", contactId), null), "tasks")).hasSize(1);
        assertThat(map(hl.call("get-task", Map.of("contactId", contactId, "taskId", taskId), null), "task").get("title"))
                .isEqualTo("Call back");
        hl.call("update-task", Map.of("contactId", contactId, "taskId", taskId), Map.of("title", "Call back soon"));
        assertThat(hl.sim.tasks(contactId).get(0).get("title")).isEqualTo("Call back soon");
        hl.call("update-task-completed", Map.of("contactId", contactId, "taskId", taskId), Map.of("completed", true));
        assertThat(hl.sim.tasks(contactId).get(0).get("completed")).isEqualTo(true);
        hl.call("delete-task", Map.of("contactId", contactId, "taskId", taskId), null);
        assertThat(hl.sim.tasks(contactId)).isEmpty();
    }

    @Test
    void noteLifecycle() {
        String contactId = newContact("notes@example.com");
        Map<String, Object> created = hl.call("create-note", Map.of("contactId", contactId), Map.of("body", "First call went well"));
        String noteId = (String) map(created, "note").get("id");
        assertThat(list(hl.call("get-all-notes", Map.of("contactId", contactId), null), "notes")).hasSize(1);
        assertThat(map(hl.call("get-note", Map.of("contactId", contactId, "id", noteId), null), "note").get("body"))
                .isEqualTo("First call went well");
        hl.call("update-note", Map.of("contactId", contactId, "id", noteId), Map.of("body", "Second call too"));
        assertThat(hl.sim.notes(contactId).get(0).get("body")).isEqualTo("Second call too");
        hl.call("delete-note", Map.of("contactId", contactId, "id", noteId), null);
        assertThat(hl.sim.notes(contactId)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void tagsAndAppointments() {
        String contactId = newContact("tags@example.com");
        hl.call("add-tags", Map.of("contactId", contactId), Map.of("tags", List.of("vip", "toggl")));
        assertThat((List<Object>) hl.sim.contact(contactId).get().get("tags")).contains("vip", "toggl");
        hl.call("remove-tags", Map.of("contactId", contactId), Map.of("tags", List.of("vip")));
        assertThat((List<Object>) hl.sim.contact(contactId).get().get("tags")).containsExactly("toggl");

        hl.sim.addAppointment(contactId, "Kick-off", java.time.Instant.parse("2030-01-01T10:00:00Z"),
                java.time.Instant.parse("2030-01-01T11:00:00Z"));
        Map<String, Object> events = hl.call("get-appointments-for-contact", Map.of("contactId", contactId), null);
        assertThat(list(events, "events")).hasSize(1);
    }

    // ---- followers, campaigns, workflows -------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void followersCampaignsAndWorkflows() {
        String contactId = newContact("members@example.com");
        Map<String, Object> added = hl.call("add-followers-contact", Map.of("contactId", contactId),
                Map.of("followers", List.of("user-1", "user-2")));
        assertThat((List<Object>) added.get("followersAdded")).containsExactly("user-1", "user-2");
        assertThat((List<Object>) hl.sim.contact(contactId).get().get("followers")).containsExactly("user-1", "user-2");
        Map<String, Object> removed = hl.call("remove-followers-contact", Map.of("contactId", contactId),
                Map.of("followers", List.of("user-1", "user-9")));
        assertThat((List<Object>) removed.get("followersRemoved")).containsExactly("user-1");
        assertThat((List<Object>) hl.sim.contact(contactId).get().get("followers")).containsExactly("user-2");

        hl.call("add-contact-to-campaign", Map.of("contactId", contactId, "campaignId", "camp-1"), Map.of());
        hl.call("add-contact-to-campaign", Map.of("contactId", contactId, "campaignId", "camp-2"), "{}");
        assertThat(hl.sim.campaigns(contactId)).containsExactlyInAnyOrder("camp-1", "camp-2");
        assertThat(hl.call("remove-contact-from-campaign", Map.of("contactId", contactId, "campaignId", "camp-1"), null))
                .containsEntry("succeded", true);
        assertThat(hl.sim.campaigns(contactId)).containsExactly("camp-2");
        hl.call("remove-contact-from-every-campaign", Map.of("contactId", contactId), null);
        assertThat(hl.sim.campaigns(contactId)).isEmpty();

        hl.call("add-contact-to-workflow", Map.of("contactId", contactId, "workflowId", "wf-1"),
                Map.of("eventStartTime", "2030-06-23T03:30:00+01:00"));
        assertThat(hl.sim.workflows(contactId)).containsExactly("wf-1");
        hl.call("delete-contact-from-workflow", Map.of("contactId", contactId, "workflowId", "wf-1"), Map.of());
        assertThat(hl.sim.workflows(contactId)).isEmpty();

        // the simulator checks bodies as HighLevel's DTOs do, and an unknown contact is a 404
        assertThatThrownBy(() -> hl.call("add-contact-to-workflow", Map.of("contactId", contactId, "workflowId", "wf-1"),
                Map.of("eventStartTime", "soon"))).isInstanceOf(Invalid.class);
        assertThatThrownBy(() -> hl.call("add-contact-to-campaign", Map.of("contactId", "nobody", "campaignId", "c"), Map.of()))
                .isInstanceOf(NotFound.class);
    }

    // ---- bulk ---------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void bulkTagsAddAndRemoveForManyContactsInOneCall() {
        String a = newContact("bulk-a@example.com");
        String b = newContact("bulk-b@example.com");
        hl.sim.userAddTags(b, "old");
        Map<String, Object> added = hl.call(ContactsOperations.BULK_TAGS, Map.of("type", "add"),
                Map.of("contacts", List.of(a, b, "no-such-contact"), "tags", List.of("vip", "toggl")));
        assertThat(added).containsEntry("succeded", false).containsEntry("errorCount", 1);
        assertThat(list(added, "responses")).extracting(r -> r.get("type")).containsExactly("success", "success", "error");
        assertThat((List<Object>) hl.sim.contact(a).get().get("tags")).containsExactlyInAnyOrder("vip", "toggl");
        assertThat((List<Object>) hl.sim.contact(b).get().get("tags")).containsExactlyInAnyOrder("old", "vip", "toggl");

        hl.call(ContactsOperations.BULK_TAGS, Map.of("type", "remove"), Map.of("contacts", List.of(a, b), "tags", List.of("vip")));
        assertThat((List<Object>) hl.sim.contact(b).get().get("tags")).containsExactlyInAnyOrder("old", "toggl");
        hl.call(ContactsOperations.BULK_TAGS, Map.of("type", "remove"),
                Map.of("contacts", List.of(b), "tags", List.of(), "removeAllTags", true));
        assertThat((List<Object>) hl.sim.contact(b).get().get("tags")).isEmpty();
        // one request per call, the configured location filled in
        assertThat(hl.log().entries()).filteredOn(e -> e.path().startsWith("/contacts/bulk/tags/update/")).hasSize(3)
                .allMatch(e -> e.method().equals("POST"));
        assertThatThrownBy(() -> hl.call(ContactsOperations.BULK_TAGS, Map.of("type", "toggle"),
                Map.of("contacts", List.of(a), "tags", List.of("x")))).isInstanceOf(Invalid.class);
        hl.validating.clear(); // "toggle" breaks the path's enum on purpose
    }

    @Test
    void bulkBusinessSetsAndClearsTheBusinessOfManyContacts() {
        String a = newContact("biz-a@example.com");
        String b = newContact("biz-b@example.com");
        Map<String, Object> set = hl.call(ContactsOperations.BULK_BUSINESS, Map.of(),
                Map.of("ids", List.of(a, b), "businessId", "biz-42"));
        assertThat(set).containsEntry("success", true);
        assertThat(hl.sim.contact(a).get().get("businessId")).isEqualTo("biz-42");
        assertThat(hl.sim.contact(b).get().get("businessId")).isEqualTo("biz-42");
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("ids", List.of(a));
        clear.put("businessId", null);
        hl.call(ContactsOperations.BULK_BUSINESS, Map.of(), clear);
        assertThat(hl.sim.contact(a).get()).doesNotContainKey("businessId");
        assertThat(hl.sim.contact(b).get().get("businessId")).isEqualTo("biz-42");
        assertThatThrownBy(() -> hl.call(ContactsOperations.BULK_BUSINESS, Map.of(),
                Map.of("ids", List.of(a, "no-such-contact"), "businessId", "biz-1"))).isInstanceOf(NotFound.class);
        assertThat(hl.sim.contact(a).get()).as("all or nothing").doesNotContainKey("businessId");
    }

    /**
     * A mapped contact with a business (a flow's mapBusinessId): neither create, upsert nor update
     * takes a businessId, so save-contact sends it apart, once, and only when the contact is elsewhere.
     */
    @Test
    @SuppressWarnings("unchecked")
    void saveContactPutsTheContactInItsBusinessOnceAndOnlyWhenItIsElsewhere() {
        var template = hl.bridge.context().createProducerTemplate();
        Map<String, Object> mapped = new LinkedHashMap<>(Map.of("firstName", "Hank", "lastName", "Scorpio", "email", "hank@globex.example",
                "businessId", "biz-globex"));
        Map<String, Object> saved = (Map<String, Object>) template.requestBody("direct:contacts.save-contact", mapped);
        String id = (String) ((Map<String, Object>) saved.get("contact")).get("id");
        assertThat(((Map<String, Object>) saved.get("contact")).get("businessId")).isEqualTo("biz-globex");
        assertThat(hl.sim.contact(id).get().get("businessId")).isEqualTo("biz-globex");
        assertThat(hl.count("POST", "/contacts/bulk/business")).isEqualTo(1);

        hl.log().clear();
        template.requestBodyAndHeader("direct:contacts.save-contact", mapped, "contactId", id);
        assertThat(hl.count("POST", "/contacts/bulk/business")).as("already in that business").isZero();
        assertThat(hl.log().entries()).hasSize(1); // the update alone

        mapped.put("businessId", "biz-other");
        template.requestBodyAndHeader("direct:contacts.save-contact", mapped, "contactId", id);
        assertThat(hl.count("POST", "/contacts/bulk/business")).isEqualTo(1);
        assertThat(hl.sim.contact(id).get().get("businessId")).isEqualTo("biz-other");
    }

    /** The composite bulk operations: one create-association call per batch, however many contacts. */
    @Test
    @SuppressWarnings("unchecked")
    void bulkTagsRenameTagAndBulkBusinessCostOneCallPerBatch() throws Exception {
        try (HighLevelTestSupport small = HighLevelTestSupport.start(Map.of(BulkChanges.BATCH_SIZE_SETTING, "40"))) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add((String) small.sim.userCreateContact(Map.of("firstName", "Many" + i, "email", "many" + i + "@example.com",
                        "tags", List.of("old-name"))).get("id"));
            }
            small.log().clear();
            Map<String, Object> added = (Map<String, Object>) small.bridge.context().createProducerTemplate()
                    .requestBodyAndHeader("direct:contacts.bulk-tags", Map.of("contacts", ids, "tags", List.of("Extra")), "type", "add");
            assertThat(added).containsEntry("contacts", 100).containsEntry("batches", 3);
            assertThat(small.count("POST", "/contacts/bulk/tags/update/add")).isEqualTo(3);
            assertThat(ids).allSatisfy(id -> assertThat((List<Object>) small.sim.contact(id).get().get("tags")).contains("extra"));

            small.log().clear();
            Map<String, Object> renamed = (Map<String, Object>) small.bridge.context().createProducerTemplate()
                    .requestBodyAndHeaders("direct:contacts.rename-tag", null, Map.of("tagFrom", "old-name", "tagTo", "New-Name"));
            assertThat(renamed).containsEntry("contacts", 100).containsEntry("batches", 6);
            assertThat(ids).allSatisfy(id -> assertThat((List<Object>) small.sim.contact(id).get().get("tags"))
                    .contains("new-name", "extra").doesNotContain("old-name"));
            // two search pages (the first is full, so one more is read), 3 batches to add, 3 to remove: 8 calls, not 200
            assertThat(small.count("POST", "/contacts/search")).isEqualTo(2);
            assertThat(small.log().entries()).hasSize(2 + 6);
            assertThat(small.count("POST", "/contacts/" + ids.get(0) + "/tags")).isZero();
            small.assertSpecConform();

            // run again (a retried event): nobody carries the old tag any more, nothing is written
            small.log().clear();
            Map<String, Object> again = (Map<String, Object>) small.bridge.context().createProducerTemplate()
                    .requestBodyAndHeaders("direct:contacts.rename-tag", null, Map.of("tagFrom", "old-name", "tagTo", "new-name"));
            assertThat(again).containsEntry("batches", 0);
            assertThat(small.log().entries()).hasSize(1);

            small.log().clear();
            Map<String, Object> business = (Map<String, Object>) small.bridge.context().createProducerTemplate()
                    .requestBody("direct:contacts.bulk-business", Map.of("ids", ids, "businessId", "biz-many"));
            assertThat(business).containsEntry("contacts", 100).containsEntry("batches", 3);
            assertThat(small.count("POST", "/contacts/bulk/business")).isEqualTo(3);
            assertThat(ids).allSatisfy(id -> assertThat(small.sim.contact(id).get().get("businessId")).isEqualTo("biz-many"));
            small.assertSpecConform();
        }
    }

    // ---- parameters, headers, dry run ----------------------------------------------------------

    @Test
    void missingPathParameterIsInvalidAndSendsNothing() {
        assertThatThrownBy(() -> hl.call("get-contact", Map.of(), null)).isInstanceOf(Invalid.class)
                .hasMessageContaining("contactId");
        assertThatThrownBy(() -> hl.call("create-task", Map.of("contactId", "x"), "not json")).isInstanceOf(Invalid.class)
                .hasMessageContaining("JSON");
        assertThat(hl.log().entries()).isEmpty();
    }

    @Test
    void callerHeadersSurviveAndPathValuesAreEncoded() {
        Exchange answer = hl.send("get-contact", Map.of("contactId", "no such/id?", "myFlowHeader", "kept"), null);
        assertThat(answer.getException()).isInstanceOf(NotFound.class);
        Exchange ok = hl.send("get-contacts", Map.of("myFlowHeader", "kept"), null);
        assertThat(ok.getMessage().getHeader("myFlowHeader")).isEqualTo("kept");
        assertThat(ok.getMessage().getHeader("Authorization")).isNull();
        assertThat(ok.getMessage().getHeader(ApiClient.STATUS_HEADER)).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dryRunSendsNoWriteButStillReads() {
        try (HighLevelTestSupport dry = HighLevelTestSupport.start(Map.of(HighLevelConfig.DRY_RUN, "true"))) {
            dry.log().clear();
            Map<String, Object> body = Map.of("firstName", "Dry", "email", "dry@example.com");
            Exchange answer = dry.send("create-contact", Map.of(), body);
            assertThat(answer.getException()).isNull();
            assertThat(answer.getMessage().getHeader(ApiClient.DRY_RUN_HEADER)).isEqualTo(true);
            Map<String, Object> result = answer.getMessage().getBody(Map.class);
            assertThat(result.get("dryRun")).isEqualTo(true);
            assertThat(result.get("operationId")).isEqualTo("create-contact");
            assertThat((Map<String, Object>) result.get("request")).containsEntry("email", "dry@example.com");
            dry.send("delete-contact", Map.of("contactId", "abc"), null);
            dry.send("add-tags", Map.of("contactId", "abc"), Map.of("tags", List.of("x")));
            assertThat(dry.sim.contactCount()).isZero();
            Exchange read = dry.send("get-contacts", Map.of(), null);
            assertThat(read.getException()).isNull();
            assertThat(read.getMessage().getHeader(ApiClient.DRY_RUN_HEADER)).isNull();
            assertThat(dry.log().entries()).allMatch(e -> e.method().equals("GET"));
            assertThat(dry.log().entries()).hasSize(1);
            dry.assertSpecConform();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String newContact(String email) {
        return (String) hl.sim.userCreateContact(Map.of("firstName", "T", "email", email)).get("id");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> contact(Map<String, Object> answer) {
        return map(answer, "contact");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> answer, String key) {
        assertThat(answer).containsKey(key);
        return (Map<String, Object>) answer.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<?, ?> answer, String key) {
        assertThat(answer.containsKey(key)).as("has " + key + ": " + answer).isTrue();
        return (List<Map<String, Object>>) answer.get(key);
    }

    static List<Object> ids(Map<String, Object> answer) {
        return list(answer, "contacts").stream().map(c -> c.get("id")).toList();
    }
}
