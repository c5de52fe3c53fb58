package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.num;
import static io.contactsbridge.sandbox.toggl.TogglParams.ts;
import static io.contactsbridge.sandbox.toggl.TogglSubscriptions.publicView;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * Webhooks API v1 under {@code <root>/webhooks/api/v1}, and the events out: every change to a record is
 * delivered, signed like Toggl, to each enabled and validated subscription whose filters match. A new
 * subscription is pinged at once; the PING carries a validation code until the subscription is validated
 * (by echoing the code, or by anyone opening the validation link).
 */
final class TogglWebhooks {
    private static final Pattern SUBS = Pattern.compile("^/subscriptions/(\\d+)$");
    private static final Pattern SUB = Pattern.compile("^/subscriptions/(\\d+)/(\\d+)$");
    private static final Pattern SUB_EVENTS = Pattern.compile("^/subscriptions/(\\d+)/(\\d+)/events$");
    private static final Pattern PING = Pattern.compile("^/ping/(\\d+)/(\\d+)$");
    private static final Pattern VALIDATE = Pattern.compile("^/validate/(\\d+)/(\\d+)/([^/]+)$");

    private final TogglStore store;
    private final TogglSubscriptions subscriptions;
    private final TogglWebhookSender sender;
    private final AtomicLong eventIds = new AtomicLong(88_000_000_001L);

    TogglWebhooks(TogglStore store, TogglSubscriptions subscriptions, TogglWebhookSender sender) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.sender = sender;
    }

    /** Validation links and the status are meant to be opened by anyone: no credentials needed. */
    static boolean isPublic(SimRequest req, String path) {
        return req.method().equals("GET") && (path.startsWith("/validate/") || path.equals("/status"));
    }

    /** Answers {@code path} (below /webhooks/api/v1); the caller holds the store's lock. */
    SimResponse route(SimRequest req, String path) {
        String method = req.method();
        if (path.equals("/status") && method.equals("GET")) {
            return ok(Map.of("status", "OK"));
        }
        if (path.equals("/event_filters") && method.equals("GET")) {
            return ok(TogglSubscriptions.EVENT_FILTERS);
        }
        Matcher m = VALIDATE.matcher(path);
        if (m.matches() && method.equals("GET")) {
            Map<String, Object> sub = subscriptions.get(Long.parseLong(m.group(2)));
            if (sub == null || num(sub.get("workspace_id")) != Long.parseLong(m.group(1))
                    || !m.group(3).equals(sub.get("_validation_code"))) {
                throw new TogglError(400, "subscription " + m.group(2) + " not found");
            }
            if (sub.get("validated_at") != null) {
                throw new TogglError(400, "subscription " + m.group(2) + " has already been validated");
            }
            sub.put("validated_at", ts(store.now()));
            return ok("OK");
        }
        m = SUBS.matcher(path);
        if (m.matches()) {
            long wid = Long.parseLong(m.group(1));
            store.in(wid, () -> wid); // 403 for a workspace the user does not have
            if (method.equals("GET")) {
                return ok(subscriptions.all().stream().filter(s -> num(s.get("workspace_id")) == wid)
                        .map(TogglSubscriptions::publicView).toList());
            }
            if (method.equals("POST")) {
                Map<String, Object> sub = store.in(wid, () -> subscriptions.create(body(req), req.header("Host").orElse("localhost"), false));
                ping(sub); // Toggl pings a new subscription so the endpoint can validate it at once
                return ok(publicView(sub));
            }
        }
        m = SUB.matcher(path);
        if (m.matches()) {
            store.in(Long.parseLong(m.group(1)), () -> 0);
            long id = Long.parseLong(m.group(2));
            Map<String, Object> sub = subscriptions.get(id);
            if (sub == null) {
                throw new TogglError(404, "subscription " + id + " not found");
            }
            switch (method) {
                case "GET":
                    return ok(publicView(sub));
                case "PUT":
                    subscriptions.apply(sub, body(req), true);
                    return ok(publicView(sub));
                case "PATCH": {
                    if (!(body(req).get("enabled") instanceof Boolean enabled)) {
                        throw new TogglError(400, "enabled must be true or false");
                    }
                    sub.put("enabled", enabled);
                    sub.put("updated_at", ts(store.now()));
                    return ok(publicView(sub));
                }
                case "DELETE":
                    subscriptions.remove(id);
                    return ok(publicView(sub));
                default:
                    break;
            }
        }
        m = SUB_EVENTS.matcher(path);
        if (m.matches() && method.equals("GET")) {
            store.in(Long.parseLong(m.group(1)), () -> 0);
            List<Map<String, Object>> events = subscriptions.deliveries(Long.parseLong(m.group(2)));
            return ok(Map.of("total", events.size(), "events", events));
        }
        m = PING.matcher(path);
        if (m.matches() && method.equals("POST")) {
            store.in(Long.parseLong(m.group(1)), () -> 0);
            Map<String, Object> sub = subscriptions.get(Long.parseLong(m.group(2)));
            if (sub == null) {
                throw new TogglError(404, "subscription " + m.group(2) + " not found");
            }
            ping(sub);
            return SimResponse.empty(200);
        }
        throw new TogglError(404, "Not Found");
    }

    /** The validation link of a subscription, relative to the bridge's HTTP root. */
    static String validationPath(Map<String, Object> sub) {
        return "/sandbox/" + TogglSimulator.NAME + TogglSimulator.WEBHOOKS + "/validate/" + sub.get("workspace_id") + "/"
                + sub.get("subscription_id") + "/" + sub.get("_validation_code");
    }

    /** Sends a PING (in the background); an answer echoing the validation code validates the subscription. */
    void ping(Map<String, Object> sub) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", 0);
        envelope.put("created_at", ts(store.now()));
        envelope.put("creator_id", TogglSimulator.USER_ID);
        envelope.put("metadata", new LinkedHashMap<>(Map.of("request_type", "POST", "event_user_id", String.valueOf(TogglSimulator.USER_ID))));
        envelope.put("payload", "ping");
        envelope.put("subscription_id", sub.get("subscription_id"));
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("url_callback", sub.get("url_callback"));
        String code = (String) sub.get("_validation_code");
        if (sub.get("validated_at") == null) {
            envelope.put("validation_code", code);
            envelope.put("validation_code_url", "http://" + sub.get("_host") + validationPath(sub));
        }
        String url = (String) sub.get("url_callback");
        String secret = (String) sub.get("secret");
        sender.runAsync(() -> {
            TogglWebhookSender.Attempt a = sender.post(url, secret, envelope);
            synchronized (store) {
                subscriptions.record(sub, envelope, List.of(a));
                if (a.ok() && sub.get("validated_at") == null && a.responseBody() != null) {
                    try {
                        Map<String, Object> answer = TogglParams.JSON.readValue(a.responseBody(), new TypeReference<>() { });
                        if (code.equals(answer.get("validation_code"))) {
                            sub.put("validated_at", ts(store.now()));
                        }
                    } catch (Exception ignored) {
                        // not a validation answer: the subscription stays unvalidated
                    }
                }
            }
        });
    }

    /** Delivers one change to every subscription that takes it (called with the store's lock held). */
    void emit(String model, String action, String requestType, String path, Map<String, Object> row) {
        long wid = model.equals("workspace") ? -1 : TogglStore.widOf(row);
        for (Map<String, Object> sub : subscriptions.receiving(model, action)) {
            if (wid >= 0 && num(sub.get("workspace_id")) != wid) {
                continue; // a subscription hears of its own workspace only
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("action", action);
            metadata.put("event_user_id", String.valueOf(TogglSimulator.USER_ID));
            metadata.put("model", model);
            metadata.put("path", path);
            metadata.put("request_type", requestType);
            metadata.put("workspace_id", String.valueOf(wid >= 0 ? wid : row.get("id")));
            if (row.get("project_id") != null) {
                metadata.put("project_id", String.valueOf(row.get("project_id")));
            }
            if (model.equals("time_entry")) {
                metadata.put("time_entry_id", String.valueOf(row.get("id")));
            }
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("event_id", eventIds.getAndIncrement());
            envelope.put("created_at", ts(store.now()));
            envelope.put("creator_id", TogglSimulator.USER_ID);
            envelope.put("metadata", metadata);
            envelope.put("payload", new LinkedHashMap<>(row)); // a copy: later changes must not alter this event
            envelope.put("subscription_id", sub.get("subscription_id"));
            envelope.put("timestamp", Instant.now().toString());
            envelope.put("url_callback", sub.get("url_callback"));
            sender.send((String) sub.get("url_callback"), (String) sub.get("secret"), envelope, (env, attempts) -> {
                synchronized (store) {
                    subscriptions.record(sub, env, attempts);
                }
            });
        }
    }
}
