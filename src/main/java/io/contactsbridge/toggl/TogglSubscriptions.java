package io.contactsbridge.toggl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Toggl webhook subscription of this bridge (Webhooks API v1): list, create with the event
 * filters the flows need, delete, ping, and "ensure" (create or re-enable the subscription for the
 * configured callback URL). Used by the {@code subscriptions} command and, when
 * {@code toggl.subscribe-on-start} is true, at start.
 */
public class TogglSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(TogglSubscriptions.class);
    public static final String DESCRIPTION = "Contacts Bridge";

    private final TogglApi api;

    public TogglSubscriptions(TogglApi api) {
        this.api = api;
    }

    /**
     * Filters for the flows: clients, projects, tasks and time entries, every action. Toggl's Free
     * plan allows 3 event filters per workspace: there tasks (a paid feature anyway) are left to the poll.
     */
    public static List<Map<String, Object>> eventFilters(String plan) {
        List<String> entities = new ArrayList<>(List.of("client", "project", "time_entry"));
        if (!"free".equals(plan)) {
            entities.add("task");
        }
        List<Map<String, Object>> filters = new ArrayList<>();
        for (String e : entities) {
            filters.add(new LinkedHashMap<>(Map.of("entity", e, "action", "*")));
        }
        return filters;
    }

    private String wsPath() {
        return "/subscriptions/" + api.settings().workspaceId();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() {
        Object body = api.webhooks("list-subscriptions", "GET", wsPath(), null);
        if (body instanceof List<?> l) {
            return l.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> create(String callbackUrl, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url_callback", callbackUrl);
        body.put("event_filters", eventFilters(api.settings().plan()));
        body.put("enabled", true);
        body.put("description", description);
        body.put("secret", api.settings().webhookSecret());
        return (Map<String, Object>) api.webhooks("create-subscription", "POST", wsPath(), body);
    }

    public void delete(long subscriptionId) {
        api.webhooks("delete-subscription", "DELETE", wsPath() + "/" + subscriptionId, null);
    }

    public void ping(long subscriptionId) {
        api.webhooks("ping-subscription", "POST", "/ping/" + api.settings().workspaceId() + "/" + subscriptionId, null);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> enable(long subscriptionId) {
        return (Map<String, Object>) api.webhooks("enable-subscription", "PATCH", wsPath() + "/" + subscriptionId,
                Map.of("enabled", true));
    }

    public Optional<Map<String, Object>> forCallback(String callbackUrl) {
        return list().stream().filter(s -> callbackUrl.equals(s.get("url_callback"))).findFirst();
    }

    /** Makes sure an enabled subscription for {@code callbackUrl} exists; pings it when it is not validated yet. */
    public Map<String, Object> ensure(String callbackUrl) {
        Optional<Map<String, Object>> existing = forCallback(callbackUrl);
        if (existing.isEmpty()) {
            Map<String, Object> created = create(callbackUrl, DESCRIPTION);
            LOG.info("Toggl webhook subscription {} created for {}", created.get("subscription_id"), callbackUrl);
            return created;
        }
        Map<String, Object> sub = existing.get();
        long id = ((Number) sub.get("subscription_id")).longValue();
        if (!Boolean.TRUE.equals(sub.get("enabled"))) {
            sub = enable(id);
            LOG.info("Toggl webhook subscription {} re-enabled", id);
        }
        if (sub.get("validated_at") == null) {
            ping(id);
            LOG.info("Toggl webhook subscription {} not validated yet: ping sent", id);
        }
        return sub;
    }
}
