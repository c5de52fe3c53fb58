package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.SimRequests.body;
import static io.contactsbridge.sandbox.highlevel.SimRequests.bodyLocation;
import static io.contactsbridge.sandbox.highlevel.SimRequests.enc;
import static io.contactsbridge.sandbox.highlevel.SimRequests.intParam;
import static io.contactsbridge.sandbox.highlevel.SimRequests.json;
import static io.contactsbridge.sandbox.highlevel.SimRequests.millis;
import static io.contactsbridge.sandbox.highlevel.SimRequests.ok;
import static io.contactsbridge.sandbox.highlevel.SimRequests.queryLocation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.SimulatorRegistry;

/** The contact operations: read, list (two paging styles), search, create, update, upsert, delete, duplicates, tags. */
final class ContactEndpoints {
    static final Set<String> CREATE_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "locationId",
            "gender", "phone", "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings",
            "inboundDndSettings", "tags", "customFields", "source", "dateOfBirth", "country", "companyName", "assignedTo");
    static final Set<String> UPSERT_CONTACT_FIELDS = union(CREATE_CONTACT_FIELDS, Set.of("createNewIfDuplicateAllowed"));
    /**
     * UpdateContactDto, plus {@code companyName} and {@code gender}: the spec's update DTO lists neither,
     * but HighLevel accepts both on update and refusing them would make a company rename impossible.
     */
    static final Set<String> UPDATE_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings", "inboundDndSettings",
            "tags", "customFields", "source", "dateOfBirth", "country", "assignedTo", "companyName", "gender");
    static final List<String> CONTACT_TEXT_FIELDS = List.of("firstName", "lastName", "name", "email", "gender", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "source", "country", "companyName", "assignedTo");

    private final HighLevelData data;

    ContactEndpoints(HighLevelData data) {
        this.data = data;
    }

    SimResponse getContact(HighLevelAuth.Grant g, String id) {
        return ok(Map.of("contact", data.contact(id, g.locationId())));
    }

    /**
     * get-contacts (deprecated in favour of search, still served): contacts oldest first (dateAdded,
     * then id), {@code limit} 1..100 (default 20), paged by {@code startAfterId} (the last id of the
     * previous page) or {@code startAfter} (its dateAdded in epoch millis). {@code meta} follows
     * ContactsMetaSchema; its {@code nextPageUrl} carries only locationId, startAfter and startAfterId,
     * like the spec's example, so a client following it blindly loses {@code limit} and {@code query}.
     */
    SimResponse getContacts(SimRequest r, HighLevelAuth.Grant g) {
        String loc = queryLocation(data, r, g);
        int limit = intParam(r, "limit", 20, 100);
        String query = r.queryParam("query").orElse(null);
        Long startAfter = null;
        if (r.queryParam("startAfter").isPresent()) {
            try {
                startAfter = (long) Double.parseDouble(r.queryParam("startAfter").get());
            } catch (NumberFormatException e) {
                throw ApiError.unprocessable("startAfter must be a number conforming to the specified constraints");
            }
        }
        List<Map<String, Object>> all = data.select(loc, c -> ContactSearch.matchesQuery(c, query));
        int from = 0;
        String startAfterId = r.queryParam("startAfterId").orElse(null);
        int found = -1;
        if (startAfterId != null) {
            for (int i = 0; i < all.size(); i++) {
                if (startAfterId.equals(all.get(i).get("id"))) {
                    found = i;
                    break;
                }
            }
        }
        if (found >= 0) {
            from = found + 1;
        } else if (startAfter != null) {
            from = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (millis(all.get(i).get("dateAdded")) > startAfter) {
                    from = i;
                    break;
                }
            }
        }
        List<Map<String, Object>> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        boolean more = from + limit < all.size();
        int currentPage = from / limit + 1;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", all.size());
        if (more) {
            Map<String, Object> last = page.get(page.size() - 1);
            long lastAdded = millis(last.get("dateAdded"));
            meta.put("nextPageUrl", "http://" + r.header("Host").orElse("localhost") + SimulatorRegistry.ROOT + HighLevelSimulator.NAME
                    + "/contacts/?locationId=" + enc(loc) + "&startAfter=" + lastAdded + "&startAfterId=" + enc((String) last.get("id")));
            meta.put("startAfterId", last.get("id"));
            meta.put("startAfter", lastAdded);
            meta.put("currentPage", currentPage);
            meta.put("nextPage", currentPage + 1);
        } else {
            meta.put("nextPageUrl", null);
            meta.put("startAfterId", null);
            meta.put("startAfter", null);
            meta.put("currentPage", currentPage);
            meta.put("nextPage", null);
        }
        meta.put("prevPage", currentPage > 1 ? currentPage - 1 : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", page);
        body.put("count", all.size());
        body.put("meta", meta);
        return ok(body);
    }

    /** get-contacts-by-businessId: {@code skip}/{@code limit} (default 25, at most 100), answer {contacts, count}. */
    SimResponse byBusiness(SimRequest r, HighLevelAuth.Grant g, String businessId) {
        String loc = queryLocation(data, r, g);
        int limit = intParam(r, "limit", 25, 100);
        int skip = r.queryParam("skip").isPresent() ? intParam(r, "skip", 0, Integer.MAX_VALUE) : 0;
        String query = r.queryParam("query").orElse(null);
        List<Map<String, Object>> all = data.select(loc,
                c -> businessId.equals(c.get("businessId")) && ContactSearch.matchesQuery(c, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + limit)));
        body.put("count", all.size());
        return ok(body);
    }

    SimResponse createContact(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, CREATE_CONTACT_FIELDS).required("locationId").done();
        String loc = bodyLocation(data, body, g);
        return json(201, Map.of("contact", data.createContact(loc, body)));
    }

    SimResponse updateContact(SimRequest r, HighLevelAuth.Grant g, String id) {
        Map<String, Object> body = body(r);
        checkContact(body, UPDATE_CONTACT_FIELDS).done();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("succeded", true);
        out.put("contact", data.updateContact(id, g.locationId(), body));
        return ok(out);
    }

    SimResponse deleteContact(HighLevelAuth.Grant g, String id) {
        data.deleteContact(id, g.locationId());
        return ok(Map.of("succeded", true));
    }

    SimResponse upsertContact(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, UPSERT_CONTACT_FIELDS).required("locationId").bool("createNewIfDuplicateAllowed").done();
        String loc = bodyLocation(data, body, g);
        HighLevelData.Upserted u = data.upsertContact(loc, body, Boolean.TRUE.equals(body.get("createNewIfDuplicateAllowed")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("new", u.created());
        out.put("contact", u.contact());
        out.put("traceId", UUID.randomUUID().toString());
        return ok(out);
    }

    static Checks checkContact(Map<String, Object> body, Set<String> allowed) {
        return new Checks(body).onlyFields(allowed).strings(CONTACT_TEXT_FIELDS, true).string("locationId", false)
                .email("email").phone("phone").bool("dnd").dndSettings("dndSettings").object("inboundDndSettings")
                .stringArray("tags").customFields("customFields").birthDate("dateOfBirth");
    }

    SimResponse search(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        ContactSearch.check(body);
        String loc = bodyLocation(data, body, g);
        return ok(ContactSearch.run(data.select(loc, c -> true), body));
    }

    /** get-duplicate-contact: e-mail first, then phone; {@code {"contact": null}} when none matches. */
    SimResponse duplicate(SimRequest r, HighLevelAuth.Grant g) {
        String loc = queryLocation(data, r, g);
        String email = r.queryParam("email").filter(s -> !s.isBlank()).orElse(null);
        String number = r.queryParam("number").filter(s -> !s.isBlank()).orElse(null);
        if (email == null && number == null) {
            throw ApiError.unprocessable("email or number should not be empty");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contact", data.findDuplicate(loc, email, number));
        return ok(out);
    }

    SimResponse tags(SimRequest r, HighLevelAuth.Grant g, String contactId, boolean add) {
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("tags")).stringArray("tags");
        if (!(body.get("tags") instanceof List<?> l) || l.isEmpty()) {
            c.problem("tags should not be empty");
        }
        c.done();
        List<String> tags = SimValues.strings(body.get("tags"));
        List<String> now = add ? data.addTags(contactId, g.locationId(), tags) : data.removeTags(contactId, g.locationId(), tags);
        return json(add ? 201 : 200, Map.of("tags", now));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
