package io.contactsbridge.toggl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.connector.http.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Toggl webhook subscription of this bridge (Webhooks API v1): list, create with the event
 * filters the flows need, delete, ping, and "ensure" (create or re-enable the subscription for the
 * configured callback URL). Used by the {@code subscriptions} command and, when
 * {@code toggl.subscribe-on-start} is true, at start. Every call goes through the Webhooks API's
 * operation routes ({@code direct:toggl.*-subscription}), so the quota sees it.
 */
public class TogglSubscriptions implements WebhookSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(TogglSubscriptions.class);
    public static final String DESCRIPTION = "Contacts Bridge";

    private final Operations operations;
    private final TogglSettings settings;

    public TogglSubscriptions(Operations operations, TogglSettings settings) {
        this.operations = operations;
        this.settings = settings;
    }

    @Override
    public String configuredCallbackUrl() {
        return settings.callbackUrl();
    }

    /**
     * Filters for the flows: clients, projects, tasks and time entries, workspaces and workspace users
     * (an invited person joining), every action. Toggl's Free plan allows 3 event filters per workspace:
     * there tasks (a paid feature anyway), workspaces and workspace users are left to the poll.
     */
    public static List<Map<String, Object>> eventFilters(String plan) {
        List<String> entities = new ArrayList<>(List.of("client", "project", "time_entry"));
        if (!"free".equals(plan)) {
            entities.addAll(List.of("task", "workspace", "workspace_user"));
        }
        List<Map<String, Object>> filters = new ArrayList<>();
        for (String e : entities) {
            filters.add(new LinkedHashMap<>(Map.of("entity", e, "action", "*")));
        }
        return filters;
    }

    /** Every subscription of the workspace, with its signing secret hidden. */
    @Override
    public List<Map<String, Object>> list() {
        return all().stream().map(TogglSubscriptions::hideSecret).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> all() {
        Object body = operations.call("list-subscriptions", Map.of(), null);
        if (body instanceof List<?> l) {
            return l.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
        }
        return List.of();
    }

    /** The subscription's signing secret is never printed. */
    static Map<String, Object> hideSecret(Map<String, Object> subscription) {
        Map<String, Object> copy = new LinkedHashMap<>(subscription);
        if (copy.get("secret") != null) {
            copy.put("secret", "***");
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> create(String callbackUrl, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url_callback", callbackUrl);
        body.put("event_filters", eventFilters(settings.plan()));
        body.put("enabled", true);
        body.put("description", description);
        body.put("secret", settings.webhookSecret());
        return (Map<String, Object>) operations.call("create-subscription", Map.of(), body);
    }

    @Override
    public void delete(String subscriptionId) {
        operations.call("delete-subscription", Map.of("subscription_id", subscriptionId), null);
    }

    @Override
    public void ping(String subscriptionId) {
        operations.call("ping-subscription", Map.of("subscription_id", subscriptionId), null);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> enable(long subscriptionId) {
        return (Map<String, Object>) operations.call("enable-subscription", Map.of("subscription_id", subscriptionId),
                Map.of("enabled", true));
    }

    public Optional<Map<String, Object>> forCallback(String callbackUrl) {
        return all().stream().filter(s -> callbackUrl.equals(s.get("url_callback"))).findFirst();
    }

    /** Makes sure an enabled subscription for {@code callbackUrl} exists; pings it when it is not validated yet. */
    @Override
    public Map<String, Object> ensure(String callbackUrl) {
        return hideSecret(ensureSubscription(callbackUrl));
    }

    private Map<String, Object> ensureSubscription(String callbackUrl) {
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
            ping(String.valueOf(id));
            LOG.info("Toggl webhook subscription {} not validated yet: ping sent", id);
        }
        return sub;
    }
}
