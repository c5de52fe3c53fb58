package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglParams.num;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhook subscriptions and their delivery log (kept per subscription, newest 1,000). Fields starting
 * with {@code _} are the simulator's own (validation code, host) and never shown. Guarded by the
 * store's lock, like the records.
 */
final class TogglSubscriptions {
    static final Map<String, List<String>> EVENT_FILTERS = eventFilters();

    private final TogglStore store;
    private final Map<Long, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final Map<Long, List<Map<String, Object>>> deliveries = new LinkedHashMap<>();

    TogglSubscriptions(TogglStore store) {
        this.store = store;
    }

    Map<String, Object> get(long id) {
        return subscriptions.get(id);
    }

    List<Map<String, Object>> all() {
        return List.copyOf(subscriptions.values());
    }

    /** A new subscription from an API body (or the Java API), not yet validated unless {@code validated}. */
    Map<String, Object> create(Map<String, Object> body, String host, boolean validated) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("subscription_id", store.nextId());
        sub.put("workspace_id", store.wid());
        sub.put("user_id", TogglSimulator.USER_ID);
        sub.put("enabled", true);
        sub.put("validated_at", validated ? ts(store.now()) : null);
        sub.put("has_pending_events", false);
        sub.put("created_at", ts(store.now()));
        sub.put("updated_at", ts(store.now()));
        sub.put("deleted_at", null);
        sub.put("_validation_code", UUID.randomUUID().toString());
        sub.put("_host", host);
        apply(sub, body, false);
        subscriptions.put(num(sub.get("subscription_id")), sub);
        return sub;
    }

    /** Checks and applies a full subscription body (POST or PUT); a new callback must be validated again. */
    void apply(Map<String, Object> sub, Map<String, Object> body, boolean update) {
        Object url = body.get("url_callback");
        if (!(url instanceof String u) || !u.matches("https?://\\S+")) {
            throw new TogglError(400, "url_callback must be a valid http(s) URL");
        }
        if (!(body.get("description") instanceof String d) || d.isBlank()) {
            throw new TogglError(400, "description is required");
        }
        if (!(body.get("event_filters") instanceof List<?> filters) || filters.isEmpty()) {
            throw new TogglError(400, "at least one event filter is required");
        }
        List<Map<String, Object>> clean = new ArrayList<>();
        for (Object f : filters) {
            if (!(f instanceof Map<?, ?> fm) || !(fm.get("entity") instanceof String entity) || !(fm.get("action") instanceof String action)) {
                throw new TogglError(400, "each event filter needs an entity and an action");
            }
            if (!entity.equals("*") && !EVENT_FILTERS.containsKey(entity)) {
                throw new TogglError(400, "unknown entity '" + entity + "' in event filters");
            }
            if (!action.equals("*") && !List.of("created", "updated", "deleted").contains(action)) {
                throw new TogglError(400, "unknown action '" + action + "' in event filters");
            }
            clean.add(new LinkedHashMap<>(Map.of("entity", entity, "action", action)));
        }
        for (Map<String, Object> other : subscriptions.values()) {
            if (other != sub && body.get("description").equals(other.get("description"))) {
                throw new TogglError(400, "a subscription with this description already exists");
            }
        }
        if (update && !url.equals(sub.get("url_callback"))) {
            sub.put("validated_at", null);
        }
        sub.put("url_callback", url);
        sub.put("description", body.get("description"));
        sub.put("event_filters", clean);
        if (body.containsKey("enabled")) {
            sub.put("enabled", !Boolean.FALSE.equals(body.get("enabled")));
        }
        if (body.get("secret") instanceof String s && !s.isBlank()) {
            sub.put("secret", s);
        } else if (sub.get("secret") == null) {
            sub.put("secret", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        }
        sub.put("updated_at", ts(store.now()));
    }

    void remove(long id) {
        subscriptions.remove(id);
        deliveries.remove(id);
    }

    /** Enabled and validated subscriptions whose filters take this model and action. */
    List<Map<String, Object>> receiving(String model, String action) {
        return subscriptions.values().stream()
                .filter(s -> Boolean.TRUE.equals(s.get("enabled")) && s.get("validated_at") != null && matches(s, model, action))
                .toList();
    }

    /** Records one delivered (or failed) event on its subscription, as {@code GET .../events} shows it. */
    void record(Map<String, Object> sub, Map<String, Object> envelope, List<TogglWebhookSender.Attempt> attempts) {
        TogglWebhookSender.Attempt last = attempts.get(attempts.size() - 1);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", envelope.get("event_id"));
        e.put("created_at", envelope.get("created_at"));
        e.put("creator_id", envelope.get("creator_id"));
        e.put("metadata", envelope.get("metadata"));
        e.put("payload", envelope.get("payload"));
        e.put("consumer_id", sub.get("subscription_id"));
        e.put("last_delivery_attempt", ts(store.now()));
        e.put("last_delivery_status", last.status());
        e.put("last_delivery_error", last.ok() ? null : (last.error() != null ? last.error() : "HTTP " + last.status()));
        e.put("failed_delivery_attempts", attempts.stream().filter(a -> !a.ok()).count());
        List<Map<String, Object>> list = deliveries.computeIfAbsent(num(sub.get("subscription_id")), k -> new ArrayList<>());
        list.add(e);
        if (list.size() > 1000) {
            list.remove(0);
        }
    }

    List<Map<String, Object>> deliveries(long subscriptionId) {
        return List.copyOf(deliveries.getOrDefault(subscriptionId, List.of()));
    }

    static Map<String, Object> publicView(Map<String, Object> sub) {
        Map<String, Object> view = new LinkedHashMap<>();
        sub.forEach((k, v) -> {
            if (!k.startsWith("_")) {
                view.put(k, v);
            }
        });
        return view;
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> sub, String model, String action) {
        for (Map<String, Object> f : (List<Map<String, Object>>) sub.get("event_filters")) {
            boolean entity = "*".equals(f.get("entity")) || model.equals(f.get("entity"));
            boolean act = "*".equals(f.get("action")) || action.equals(f.get("action"));
            if (entity && act) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> eventFilters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String e : List.of("client", "project", "project_group", "project_user", "tag", "task", "time_entry",
                "workspace", "workspace_user")) {
            m.put(e, List.of("*", "created", "updated", "deleted"));
        }
        return m;
    }
}
