package io.contactsbridge.hubstaff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.connector.http.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This bridge's Hubstaff webhook subscriptions ({@code subscriptions create hubstaff}): a new
 * unguessable token is stored, the subscription is created for {@code <callback>/<token>} with the
 * events the flows use, Hubstaff's handshake reaches the intake (which stores its secret), and the
 * subscription is activated with that secret. The reference has no list endpoint: the list is the
 * stored subscriptions, each read back from Hubstaff. Tokens are masked wherever they are shown.
 */
final class HubstaffSubscriptions implements WebhookSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(HubstaffSubscriptions.class);
    static final Duration HANDSHAKE_WAIT = Duration.ofSeconds(15);
    private final Operations hubstaff;
    private final HubstaffHooks hooks;
    private final HubstaffSettings settings;

    HubstaffSubscriptions(Operations hubstaff, HubstaffHooks hooks, HubstaffSettings settings) {
        this.hubstaff = hubstaff;
        this.hooks = hooks;
        this.settings = settings;
    }

    @Override
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HubstaffHooks.Hook hook : hooks.all()) {
            Map<String, Object> row = describe(hook);
            if (hook.webhookId() != null) {
                try {
                    Map<String, Object> remote = hubstaff.callForMap("get-webhook", Map.of("webhook_id", hook.webhookId()), null);
                    row.put("hubstaff", remote.get("webhook") instanceof Map<?, ?> w ? w : remote);
                } catch (NotFound e) {
                    row.put("hubstaff", "gone");
                }
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public Map<String, Object> ensure(String callbackUrl) {
        String base = callbackUrl.endsWith("/") ? callbackUrl.substring(0, callbackUrl.length() - 1) : callbackUrl;
        for (HubstaffHooks.Hook hook : hooks.all()) {
            if (hook.active() && base.equals(hook.callbackUrl()) && hook.webhookId() != null && exists(hook.webhookId())) {
                return describe(hook);
            }
        }
        String token = HubstaffHooks.newToken();
        String events = String.join(",", settings.webhookEvents());
        hooks.insert(token, base, events);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target_url", base + "/" + token);
        body.put("events", settings.webhookEvents());
        Map<String, Object> created = hubstaff.callForMap("create-webhook", Map.of(), body);
        Object webhook = created.get("webhook") instanceof Map<?, ?> w ? w.get("id") : created.get("id");
        if (webhook == null) {
            throw new IllegalStateException("Hubstaff created a webhook but named no id");
        }
        String webhookId = String.valueOf(webhook);
        hooks.recordId(token, webhookId);
        String secret = awaitSecret(token);
        activate(webhookId, secret);
        hooks.activated(token);
        LOG.info("Hubstaff webhook {} created and activated for {}/<token> ({})", webhookId, base, events);
        return describe(hooks.find(token).orElseThrow());
    }

    /**
     * Our answer to the handshake may reach Hubstaff a moment after the secret is stored here: an
     * activation refused as not verified yet (422) is tried again for a few seconds.
     */
    private void activate(String webhookId, String secret) {
        long deadline = System.nanoTime() + HANDSHAKE_WAIT.toNanos();
        while (true) {
            try {
                hubstaff.call("activate-webhook", Map.of("webhook_id", webhookId, HubstaffOperations.HOOK_SECRET, secret), null);
                return;
            } catch (Invalid e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while activating the Hubstaff webhook", e);
        }
    }

    private String awaitSecret(String token) {
        long deadline = System.nanoTime() + HANDSHAKE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<HubstaffHooks.Hook> hook = hooks.find(token);
            if (hook.isPresent() && hook.get().secret() != null) {
                return hook.get().secret();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Hubstaff's handshake did not reach this bridge within " + HANDSHAKE_WAIT.toSeconds()
                + " s: is the callback URL this bridge's public /webhooks/hubstaff? The subscription stays inactive");
    }

    private boolean exists(String webhookId) {
        try {
            hubstaff.call("get-webhook", Map.of("webhook_id", webhookId), null);
            return true;
        } catch (NotFound e) {
            return false;
        }
    }

    @Override
    public void delete(String subscriptionId) {
        try {
            hubstaff.call("delete-webhook", Map.of("webhook_id", subscriptionId), null);
        } catch (NotFound e) {
            LOG.info("Hubstaff webhook {} was gone already", subscriptionId);
        }
        hooks.byWebhookId(subscriptionId).ifPresent(h -> hooks.delete(h.token()));
    }

    @Override
    public void ping(String subscriptionId) {
        throw new UnsupportedOperationException("Hubstaff has no ping for webhooks; 'subscriptions list' reads each one back");
    }

    @Override
    public String configuredCallbackUrl() {
        return settings.webhookCallbackUrl();
    }

    private static Map<String, Object> describe(HubstaffHooks.Hook hook) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", hook.webhookId());
        m.put("target_url", hook.callbackUrl() + "/***");
        m.put("events", hook.events());
        m.put("active", hook.active());
        m.put("secret", hook.secret() == null ? null : "***");
        return m;
    }
}
