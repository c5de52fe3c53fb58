package io.contactsbridge.hubstaff;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the flows need to know about Hubstaff projects and members without a call each: a project's
 * client and name, a member's e-mail. Fed by every poll (which lists them anyway) and by single reads.
 */
public final class HubstaffDirectory {
    private final Map<String, Map<String, Object>> projects = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> members = new ConcurrentHashMap<>();

    public void rememberProject(Map<String, Object> project) {
        String id = HubstaffChanges.id(project.get("id"));
        if (id != null) {
            projects.put(id, new LinkedHashMap<>(project));
        }
    }

    public Map<String, Object> project(Object projectId) {
        String id = HubstaffChanges.id(projectId);
        return id == null ? null : projects.get(id);
    }

    public Iterable<Map<String, Object>> projects() {
        return projects.values();
    }

    public void rememberMember(Map<String, Object> member) {
        String id = HubstaffChanges.id(member.get("id"));
        if (id != null) {
            members.put(id, new LinkedHashMap<>(member));
        }
    }

    /** The member with this user id, or null. */
    public Map<String, Object> member(Object userId) {
        String id = HubstaffChanges.id(userId);
        return id == null ? null : members.get(id);
    }

    /**
     * A member as the flows see it: keyed by its user id, with the side-loaded user's name and e-mail
     * ({@code include=users}), its organization role and status, and when it changed.
     */
    static Map<String, Object> member(Map<String, Object> member, Map<String, Object> user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", member.get("user_id"));
        out.put("name", user == null ? member.get("name") : user.get("name"));
        out.put("email", user == null ? member.get("email") : user.get("email"));
        out.put("membership_role", member.get("membership_role"));
        out.put("membership_status", member.get("membership_status"));
        out.put("updated_at", member.get("updated_at"));
        return out;
    }
}
