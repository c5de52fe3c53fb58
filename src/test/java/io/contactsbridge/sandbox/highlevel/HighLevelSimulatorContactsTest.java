package io.contactsbridge.sandbox.highlevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighLevelSimulatorContactsTest extends SimulatorTestBase {

    @Test
    void createsReadsUpdatesAndDeletesAContact() throws Exception {
        Map<String, Object> body = contactBody("Rosan", "Deo", "Rosan@Deos.com", "+1 888-888-8888");
        body.put("companyName", "DGS VolMAX");
        body.put("tags", List.of("VIP ", "customer"));
        body.put("customFields", List.of(Map.of("id", "cf1", "field_value", "blue")));
        body.put("dateOfBirth", "1990-09-25");
        SimClient.Res created = api.post("/contacts/", body);
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> c = created.map("contact");
        String id = (String) c.get("id");
        assertThat(id).hasSize(20);
        assertThat(c).containsEntry("locationId", "sandbox-location").containsEntry("email", "Rosan@Deos.com")
                .containsEntry("emailLowerCase", "rosan@deos.com").containsEntry("phone", "+18888888888")
                .containsEntry("name", "Rosan Deo").containsEntry("fullNameLowerCase", "rosan deo")
                .containsEntry("companyName", "DGS VolMAX").containsEntry("tags", List.of("vip", "customer"))
                .containsEntry("customFields", List.of(Map.of("id", "cf1", "value", "blue")))
                .containsEntry("dateOfBirth", "1990-09-25T00:00:00.000Z");
        assertThat((String) c.get("dateAdded")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(c.get("dateUpdated")).isEqualTo(c.get("dateAdded"));

        SimClient.Res got = api.get("/contacts/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.map("contact")).isEqualTo(c);

        SimClient.Res updated = api.put("/contacts/" + id, Map.of("lastName", "Smith", "companyName", "Acme"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json()).containsEntry("succeded", true);
        Map<String, Object> u = updated.map("contact");
        assertThat(u).containsEntry("lastName", "Smith").containsEntry("name", "Rosan Smith").containsEntry("companyName", "Acme")
                .containsEntry("email", "Rosan@Deos.com");
        assertThat((String) u.get("dateUpdated")).isGreaterThan((String) c.get("dateUpdated"));
        assertThat(sim.contact(id)).hasValueSatisfying(s -> assertThat(s).containsEntry("lastName", "Smith"));

        SimClient.Res deleted = api.delete("/contacts/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).isEqualTo(Map.of("succeded", true));
        assertThat(api.get("/contacts/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/contacts/" + id).status()).isEqualTo(404);
        assertThat(sim.contact(id)).isEmpty();
    }

    @Test
    void refusesInvalidBodiesWith422AndAppliesNothing() {
        SimClient.Res r = api.post("/contacts/", Map.of("firstName", "No", "email", "not-an-email", "tags", "x", "bogus", 1));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json()).containsEntry("statusCode", 422).containsEntry("error", "Unprocessable Entity");
        assertThat(r.messages()).contains("locationId should not be empty", "email must be an email",
                "tags must be an array", "property bogus should not exist");
        String id = createContact("A", "B", "a@b.example", null);
        SimClient.Res u = api.put("/contacts/" + id, Map.of("locationId", "sandbox-location"));
        assertThat(u.status()).isEqualTo(422);
        assertThat(u.messages()).containsExactly("property locationId should not exist");
        assertThat(api.post("/contacts/", "{not json").status()).isEqualTo(400);
        Map<String, Object> elsewhere = contactBody("X", "Y", null, null);
        elsewhere.put("locationId", "nowhere");
        assertThat(api.post("/contacts/", elsewhere).status()).isEqualTo(422);
        assertThat(sim.contactCount()).isEqualTo(1);
    }

    @Test
    void refusesADuplicateCreateNamingTheExistingContact() {
        String id = createContact("Ann", "Lee", "ann@lee.example", "+14155550100");
        SimClient.Res dup = api.post("/contacts/", contactBody("Ann", "Other", "ANN@lee.example", null));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.json()).containsEntry("message", "This location does not allow duplicated contacts.");
        assertThat(dup.map("meta")).containsEntry("contactId", id).containsEntry("matchingField", "email");
        SimClient.Res byPhone = api.post("/contacts/", contactBody("Bob", "X", null, "(415) 555-0100"));
        assertThat(byPhone.status()).isEqualTo(400);
        assertThat(byPhone.map("meta")).containsEntry("matchingField", "phone");
        sim.setAllowDuplicateContacts(true);
        assertThat(api.post("/contacts/", contactBody("Ann", "Other", "ann@lee.example", null)).status()).isEqualTo(201);
    }

    @Test
    void pagesGetContactsByStartAfterIdAndStartAfter() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createContact("P" + i, "Page", "p" + i + "@page.example", null));
        }
        createContact("Other", "Person", "zz@zz.example", null);
        List<Object> seen = new ArrayList<>();
        String url = "/contacts/?locationId=sandbox-location&query=page&limit=3";
        int pages = 0;
        while (url != null) {
            SimClient.Res r = api.get(url);
            assertThat(r.status()).isEqualTo(200);
            seen.addAll(ids(r.list("contacts")));
            Map<String, Object> meta = r.map("meta");
            assertThat(meta).containsEntry("total", 7);
            pages++;
            assertThat(meta).containsEntry("currentPage", pages);
            url = meta.get("startAfterId") == null ? null : "/contacts/?locationId=sandbox-location&query=page&limit=3&startAfterId="
                    + meta.get("startAfterId") + "&startAfter=" + meta.get("startAfter");
            if (url != null) {
                assertThat((String) meta.get("nextPageUrl")).contains("/sandbox/highlevel/contacts/?locationId=sandbox-location&startAfter=");
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);

        // startAfter alone (epoch millis of the last dateAdded seen) continues after that instant
        SimClient.Res first = api.get("/contacts/?locationId=sandbox-location&limit=2");
        Object after = first.map("meta").get("startAfter");
        SimClient.Res next = api.get("/contacts/?locationId=sandbox-location&limit=2&startAfter=" + after);
        assertThat(ids(next.list("contacts"))).containsExactly(created.get(2), created.get(3));

        assertThat(api.get("/contacts/?locationId=sandbox-location&limit=101").status()).isEqualTo(422);
        assertThat(api.get("/contacts/").status()).isEqualTo(422);
    }

    @Test
    void upsertMatchesByEmailThenPhoneAndIgnoresAConflictingPhone() {
        String a = createContact("Ann", "Email", "ann@up.example", "+14155550001");
        String b = createContact("Bob", "Phone", "bob@up.example", "+14155550002");

        Map<String, Object> byEmail = contactBody("Ann", "Changed", "ANN@up.example", null);
        SimClient.Res r1 = api.post("/contacts/upsert", byEmail);
        assertThat(r1.status()).isEqualTo(200);
        assertThat(r1.json()).containsEntry("new", false).containsKey("traceId");
        assertThat(r1.map("contact")).containsEntry("id", a).containsEntry("lastName", "Changed");

        SimClient.Res r2 = api.post("/contacts/upsert", contactBody("Bob", "ByPhone", null, "+1 415 555 0002"));
        assertThat(r2.json()).containsEntry("new", false);
        assertThat(r2.map("contact")).containsEntry("id", b).containsEntry("lastName", "ByPhone");

        // e-mail matches Ann, phone matches Bob: Ann is updated, the phone is dropped (no duplicate)
        SimClient.Res r3 = api.post("/contacts/upsert", contactBody("Ann", "Both", "ann@up.example", "+14155550002"));
        assertThat(r3.json()).containsEntry("new", false);
        assertThat(r3.map("contact")).containsEntry("id", a).containsEntry("lastName", "Both").containsEntry("phone", "+14155550001");

        SimClient.Res r4 = api.post("/contacts/upsert", contactBody("New", "One", "new@up.example", null));
        assertThat(r4.json()).containsEntry("new", true);
        assertThat(sim.contactCount()).isEqualTo(3);
    }

    @Test
    void findsDuplicatesByEmailOrNumber() {
        String id = createContact("Dup", "Check", "dup@check.example", "+14155550123");
        assertThat(api.get("/contacts/search/duplicate?locationId=sandbox-location&email=DUP%40check.example").map("contact"))
                .containsEntry("id", id);
        assertThat(api.get("/contacts/search/duplicate?locationId=sandbox-location&number=%2B14155550123").map("contact"))
                .containsEntry("id", id);
        SimClient.Res none = api.get("/contacts/search/duplicate?locationId=sandbox-location&email=none%40x.example");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json()).containsEntry("contact", null);
    }

    @Test
    void searchesWithFiltersPagesAndSearchAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createContact("S" + i, "Search", "s" + i + "@search.example", null));
        }
        api.post("/contacts/" + ids.get(1) + "/tags", Map.of("tags", List.of("hot")));
        api.post("/contacts/" + ids.get(3) + "/tags", Map.of("tags", List.of("hot", "cold")));

        SimClient.Res byEmail = api.post("/contacts/search", Map.of("locationId", "sandbox-location",
                "filters", List.of(Map.of("field", "email", "operator", "eq", "value", "S2@search.example"))));
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(ids(byEmail.list("contacts"))).containsExactly(ids.get(2));
        assertThat(byEmail.json()).containsEntry("total", 1);

        SimClient.Res byTag = api.post("/contacts/search", Map.of("locationId", "sandbox-location",
                "filters", List.of(Map.of("field", "tags", "operator", "eq", "value", "hot")),
                "sort", List.of(Map.of("field", "dateAdded", "direction", "asc"))));
        assertThat(ids(byTag.list("contacts"))).containsExactly(ids.get(1), ids.get(3));

        // the tag changes made contacts 1 and 3 the most recently updated
        String since = (String) sim.contact(ids.get(4)).orElseThrow().get("dateUpdated");
        SimClient.Res updated = api.post("/contacts/search", Map.of("locationId", "sandbox-location",
                "filters", List.of(Map.of("field", "dateUpdated", "operator", "range", "value", Map.of("gt", since))),
                "sort", List.of(Map.of("field", "dateUpdated", "direction", "asc"))));
        assertThat(ids(updated.list("contacts"))).containsExactly(ids.get(1), ids.get(3));

        // page through everything two at a time, newest first (the default sort), with searchAfter
        List<Object> seen = new ArrayList<>();
        Object after = null;
        for (int guard = 0; guard < 10; guard++) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("locationId", "sandbox-location", "pageLimit", 2));
            if (after != null) {
                body.put("searchAfter", after);
            }
            List<Map<String, Object>> page = api.post("/contacts/search", body).list("contacts");
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(ids(page));
            after = page.get(page.size() - 1).get("searchAfter");
        }
        List<Object> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        SimClient.Res page2 = api.post("/contacts/search", Map.of("locationId", "sandbox-location", "pageLimit", 2, "page", 2));
        assertThat(ids(page2.list("contacts"))).containsExactly(ids.get(2), ids.get(1));

        SimClient.Res or = api.post("/contacts/search", Map.of("locationId", "sandbox-location", "filters", List.of(
                Map.of("group", "OR", "filters", List.of(
                        Map.of("field", "email", "operator", "eq", "value", "s0@search.example"),
                        Map.of("field", "tags", "operator", "eq", "value", "cold"))))));
        assertThat(or.json()).containsEntry("total", 2);

        SimClient.Res bad = api.post("/contacts/search", Map.of("locationId", "sandbox-location", "pageLimit", 501,
                "filters", List.of(Map.of("field", "email", "operator", "like", "value", "x"))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.messages()).hasSize(2);
    }

    @Test
    void listsContactsOfABusinessWithSkipAndLimit() {
        sim.seedDemoData();
        SimClient.Res all = api.get("/contacts/business/641c094001436dbc2081e642?locationId=sandbox-location");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json()).containsEntry("count", 2);
        assertThat(all.list("contacts")).extracting(c -> c.get("firstName")).containsExactly("Ada", "Grace");
        SimClient.Res second = api.get("/contacts/business/641c094001436dbc2081e642?locationId=sandbox-location&skip=1&limit=1");
        assertThat(second.list("contacts")).extracting(c -> c.get("firstName")).containsExactly("Grace");
    }

    @Test
    void addsAndRemovesTags() {
        String id = createContact("T", "Ags", "t@ags.example", null);
        SimClient.Res added = api.post("/contacts/" + id + "/tags", Map.of("tags", List.of("One", "two")));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json()).isEqualTo(Map.of("tags", List.of("one", "two")));
        SimClient.Res removed = api.delete("/contacts/" + id + "/tags", Map.of("tags", List.of("one")));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json()).isEqualTo(Map.of("tags", List.of("two")));
        assertThat(api.post("/contacts/" + id + "/tags", Map.of("tags", List.of())).status()).isEqualTo(422);
        assertThat(api.post("/contacts/nope/tags", Map.of("tags", List.of("x"))).status()).isEqualTo(404);
    }

    @Test
    void logsEveryRequestForTheRegistryLog() {
        String id = createContact("L", "Og", "l@og.example", null);
        api.get("/contacts/" + id);
        api.get("/contacts/missing");
        SimClient.Res log = new SimClient(root).get("/_log");
        assertThat(log.status()).isEqualTo(200);
        List<Map<String, Object>> entries = readList(log.text());
        assertThat(entries).extracting(e -> e.get("method") + " " + e.get("path") + " " + e.get("status"))
                .containsExactly("POST /contacts/ 201", "GET /contacts/" + id + " 200", "GET /contacts/missing 404");
        assertThat(new SimClient(root).delete("/_log").status()).isEqualTo(204);
        assertThat(readList(new SimClient(root).get("/_log").text())).isEmpty();
    }

    static List<Map<String, Object>> readList(String json) {
        try {
            return SimClient.JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
