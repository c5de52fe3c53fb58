package io.contactsbridge.sandbox.highlevel;

import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.body;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.json;
import static io.contactsbridge.sandbox.highlevel.HighLevelRequests.ok;
import static io.contactsbridge.sandbox.highlevel.HighLevelValues.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsbridge.sandbox.Auth;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * A contact's followers, campaigns and workflows, and the two bulk operations of the Contacts API
 * (business of many contacts; tags of many contacts). Bodies are checked like HighLevel's DTOs
 * (FollowersDTO, CreateWorkflowDto, ContactsBusinessUpdate, UpdateTagsDTO); answers follow the
 * spec's response schemas. Campaigns and workflows are not listed by the Contacts API, so any id is
 * taken as existing; the memberships are kept so tests can see them.
 */
final class MembershipsApi {
    private final HighLevelData data;
    private final Map<String, Set<String>> campaigns = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> workflows = new ConcurrentHashMap<>();

    MembershipsApi(HighLevelData data) {
        this.data = data;
    }

    void clear() {
        campaigns.clear();
        workflows.clear();
    }

    Set<String> campaigns(String contactId) {
        return Set.copyOf(campaigns.getOrDefault(contactId, Set.of()));
    }

    Set<String> workflows(String contactId) {
        return Set.copyOf(workflows.getOrDefault(contactId, Set.of()));
    }

    SimResponse followers(SimRequest r, Auth.Grant g, String contactId, boolean add) {
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("followers")).required("followers").stringArray("followers");
        c.done();
        List<String> given = strings(body.get("followers"));
        Map<String, Object> out = data.change(contactId, g.account(), contact -> {
            LinkedHashSet<String> now = new LinkedHashSet<>(strings(contact.get("followers")));
            List<String> changed = new ArrayList<>();
            for (String f : given) {
                if (add ? now.add(f) : now.remove(f)) {
                    changed.add(f);
                }
            }
            contact.put("followers", new ArrayList<>(now));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("followers", new ArrayList<>(now));
            m.put(add ? "followersAdded" : "followersRemoved", changed);
            return m;
        });
        return json(add ? 201 : 200, out);
    }

    SimResponse addToCampaign(SimRequest r, Auth.Grant g, String contactId, String campaignId) {
        new Checks(body(r)).onlyFields(Set.of()).done();
        data.contact(contactId, g.account());
        campaigns.computeIfAbsent(contactId, k -> ConcurrentHashMap.newKeySet()).add(campaignId);
        return json(201, Map.of("succeded", true));
    }

    SimResponse removeFromCampaign(Auth.Grant g, String contactId, String campaignId) {
        data.contact(contactId, g.account());
        campaigns.getOrDefault(contactId, Set.of()).remove(campaignId);
        return ok(Map.of("succeded", true));
    }

    SimResponse removeFromEveryCampaign(Auth.Grant g, String contactId) {
        data.contact(contactId, g.account());
        campaigns.remove(contactId);
        return ok(Map.of("succeded", true));
    }

    SimResponse workflow(SimRequest r, Auth.Grant g, String contactId, String workflowId, boolean add) {
        new Checks(body(r)).onlyFields(Set.of("eventStartTime")).isoDate("eventStartTime").done();
        data.contact(contactId, g.account());
        if (add) {
            workflows.computeIfAbsent(contactId, k -> ConcurrentHashMap.newKeySet()).add(workflowId);
        } else {
            workflows.getOrDefault(contactId, Set.of()).remove(workflowId);
        }
        return ok(Map.of("succeded", true));
    }

    /** {@code POST /contacts/bulk/business}: every id must be a contact of the location; {@code businessId} null clears it. */
    SimResponse bulkBusiness(SimRequest r, Auth.Grant g) {
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("locationId", "ids", "businessId")).required("locationId").required("ids")
                .string("locationId", false).stringArray("ids").string("businessId", true);
        if (!body.containsKey("businessId")) {
            c.problem("businessId must be a string or null");
        }
        if (body.get("ids") instanceof List<?> l && l.isEmpty()) {
            c.problem("ids should not be empty");
        }
        c.done();
        String location = location(body, g);
        Object businessId = body.get("businessId");
        List<String> ids = strings(body.get("ids"));
        for (String id : ids) {
            data.contact(id, location); // all or nothing: an unknown id is a 404 before anything changes
        }
        List<String> updated = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            data.change(id, location, contact -> {
                HighLevelValues.putOrRemove(contact, "businessId", businessId);
                return null;
            });
            updated.add(id);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("ids", updated);
        return ok(out);
    }

    /**
     * {@code POST /contacts/bulk/tags/update/{type}}: per contact a response (success, or an error such
     * as "contact not found" / "contact does not belong to location"), like the spec's example.
     */
    SimResponse bulkTags(SimRequest r, Auth.Grant g, String type) {
        if (!type.equals("add") && !type.equals("remove")) {
            throw ApiError.unprocessable("type must be one of the following values: add, remove");
        }
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("contacts", "tags", "locationId", "removeAllTags"))
                .required("contacts").required("tags").required("locationId").string("locationId", false)
                .stringArray("contacts").stringArray("tags").bool("removeAllTags");
        boolean removeAll = Boolean.TRUE.equals(body.get("removeAllTags"));
        if (removeAll && type.equals("add")) {
            c.problem("removeAllTags can only be used with remove type");
        }
        if (body.get("tags") instanceof List<?> l && l.isEmpty() && !removeAll) {
            c.problem("tags should not be empty");
        }
        c.done();
        String location = location(body, g);
        List<String> tags = strings(body.get("tags"));
        List<Map<String, Object>> responses = new ArrayList<>();
        int errors = 0;
        for (String id : strings(body.get("contacts"))) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("contactId", id);
            try {
                List<String> old = strings(data.contact(id, location).get("tags"));
                List<String> now = type.equals("add") ? data.addTags(id, location, tags)
                        : data.removeTags(id, location, removeAll ? old : tags);
                one.put("message", "Tags updated");
                one.put("type", "success");
                one.put("oldTags", old);
                one.put("tagsAdded", now.stream().filter(t -> !old.contains(t)).toList());
                one.put("tagsRemoved", old.stream().filter(t -> !now.contains(t)).toList());
            } catch (ApiError e) {
                errors++;
                one.put("message", e.status() == 403 ? "contact does not belong to location" : "contact not found");
                one.put("type", "error");
            }
            responses.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("succeded", errors == 0);
        out.put("errorCount", errors);
        out.put("responses", responses);
        return json(201, out);
    }

    private String location(Map<String, Object> body, Auth.Grant g) {
        String loc = (String) body.get("locationId");
        if (!data.locationExists(loc)) {
            throw ApiError.unprocessable("locationId " + loc + " is not a valid location");
        }
        if (!loc.equals(g.account())) {
            throw ApiError.otherLocation();
        }
        return loc;
    }
}
