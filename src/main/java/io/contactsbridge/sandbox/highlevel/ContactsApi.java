package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.body;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.intParam;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.json;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.ok;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.Paging;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.SimulatorRegistry;

/**
 * The contact operations of the Contacts API: list (paged by cursor), by business (paged by offset),
 * read, create, update, delete, upsert, search, duplicate look-up and tags. The grant's account is the
 * token's location: another location is a 403, an unknown one a 422.
 */
final class ContactsApi {
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

    ContactsApi(HighLevelData data) {
        this.data = data;
    }

    SimResponse get(Auth.Grant g, String id) {
        return ok(Map.of("contact", data.contact(id, g.account())));
    }

    /**
     * get-contacts (deprecated in favour of search, still served): contacts oldest first (dateAdded,
     * then id), {@code limit} 1..100 (default 20), paged by {@code startAfterId} (the last id of the
     * previous page) or {@code startAfter} (its dateAdded in epoch millis). {@code meta} follows
     * ContactsMetaSchema; its {@code nextPageUrl} carries only locationId, startAfter and startAfterId,
     * like the spec's example, so a client following it blindly loses {@code limit} and {@code query}.
     */
    SimResponse list(SimRequest r, Auth.Grant g) {
        String loc = queryLocation(r, g);
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
        int from = Paging.afterId(all, c -> c.get("id"), r.queryParam("startAfterId").orElse(null));
        if (from < 0) {
            from = startAfter == null ? 0 : Paging.afterKey(all, c -> millis(c.get("dateAdded")), startAfter, Comparator.naturalOrder());
        }
        Paging.Page<Map<String, Object>> page = Paging.offset(all, from, limit);
        int currentPage = page.number(limit);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", all.size());
        if (page.hasMore()) {
            Map<String, Object> last = page.last();
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
        body.put("contacts", page.items());
        body.put("count", all.size());
        body.put("meta", meta);
        return ok(body);
    }

    /** get-contacts-by-businessId: {@code skip}/{@code limit} (default 25, at most 100), answer {contacts, count}. */
    SimResponse byBusiness(SimRequest r, Auth.Grant g, String businessId) {
        String loc = queryLocation(r, g);
        int limit = intParam(r, "limit", 25, 100);
        int skip = r.queryParam("skip").isPresent() ? intParam(r, "skip", 0, Integer.MAX_VALUE) : 0;
        String query = r.queryParam("query").orElse(null);
        List<Map<String, Object>> all = data.select(loc,
                c -> businessId.equals(c.get("businessId")) && ContactSearch.matchesQuery(c, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", Paging.offset(all, skip, limit).items());
        body.put("count", all.size());
        return ok(body);
    }

    SimResponse create(SimRequest r, Auth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, CREATE_CONTACT_FIELDS).required("locationId").done();
        String loc = bodyLocation(body, g);
        return json(201, Map.of("contact", data.createContact(loc, body)));
    }

    SimResponse update(SimRequest r, Auth.Grant g, String id) {
        Map<String, Object> body = body(r);
        checkContact(body, UPDATE_CONTACT_FIELDS).done();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("succeded", true);
        out.put("contact", data.updateContact(id, g.account(), body));
        return ok(out);
    }

    SimResponse delete(Auth.Grant g, String id) {
        data.deleteContact(id, g.account());
        return ok(Map.of("succeded", true));
    }

    SimResponse upsert(SimRequest r, Auth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, UPSERT_CONTACT_FIELDS).required("locationId").bool("createNewIfDuplicateAllowed").done();
        String loc = bodyLocation(body, g);
        HighLevelData.Upserted u = data.upsertContact(loc, body, Boolean.TRUE.equals(body.get("createNewIfDuplicateAllowed")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("new", u.created());
        out.put("contact", u.contact());
        out.put("traceId", UUID.randomUUID().toString());
        return ok(out);
    }

    private static Checks checkContact(Map<String, Object> body, Set<String> allowed) {
        return new Checks(body).onlyFields(allowed).strings(CONTACT_TEXT_FIELDS, true).string("locationId", false)
                .email("email").phone("phone").bool("dnd").dndSettings("dndSettings").object("inboundDndSettings")
                .stringArray("tags").customFields("customFields").birthDate("dateOfBirth");
    }

    SimResponse search(SimRequest r, Auth.Grant g) {
        Map<String, Object> body = body(r);
        ContactSearch.check(body);
        String loc = bodyLocation(body, g);
        return ok(ContactSearch.run(data.select(loc, c -> true), body));
    }

    /** get-duplicate-contact: e-mail first, then phone; {@code {"contact": null}} when none matches. */
    SimResponse duplicate(SimRequest r, Auth.Grant g) {
        String loc = queryLocation(r, g);
        String email = r.queryParam("email").filter(s -> !s.isBlank()).orElse(null);
        String number = r.queryParam("number").filter(s -> !s.isBlank()).orElse(null);
        if (email == null && number == null) {
            throw ApiError.unprocessable("email or number should not be empty");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contact", data.findDuplicate(loc, email, number));
        return ok(out);
    }

    SimResponse tags(SimRequest r, Auth.Grant g, String contactId, boolean add) {
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("tags")).stringArray("tags");
        if (!(body.get("tags") instanceof List<?> l) || l.isEmpty()) {
            c.problem("tags should not be empty");
        }
        c.done();
        List<String> tags = HighLevelValues.strings(body.get("tags"));
        List<String> now = add ? data.addTags(contactId, g.account(), tags) : data.removeTags(contactId, g.account(), tags);
        return json(add ? 201 : 200, Map.of("tags", now));
    }

    private String queryLocation(SimRequest r, Auth.Grant g) {
        String loc = r.queryParam("locationId").filter(s -> !s.isBlank()).orElse(null);
        if (loc == null) {
            throw ApiError.unprocessable("locationId should not be empty");
        }
        return checkLocation(loc, g);
    }

    private String bodyLocation(Map<String, Object> body, Auth.Grant g) {
        return checkLocation((String) body.get("locationId"), g);
    }

    /** An unknown location is a 422, another location the token is not bound to a 403. */
    private String checkLocation(String loc, Auth.Grant g) {
        if (!data.locationExists(loc)) {
            throw ApiError.unprocessable("locationId " + loc + " is not a valid location");
        }
        if (!loc.equals(g.account())) {
            throw ApiError.otherLocation();
        }
        return loc;
    }

    private static long millis(Object iso) {
        Long ms = HighLevelValues.parseInstant(String.valueOf(iso));
        return ms == null ? 0 : ms;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
