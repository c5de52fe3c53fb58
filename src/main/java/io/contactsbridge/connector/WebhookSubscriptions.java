package io.contactsbridge.connector;

import java.util.List;
import java.util.Map;

/**
 * A connector whose vendor sends webhooks only to subscriptions made through its API (Toggl):
 * the {@code subscriptions} command and the start-up "ensure" use this, for any connector.
 */
public interface WebhookSubscriptions {

    /** Every subscription of the configured account (secrets hidden). */
    List<Map<String, Object>> list();

    /** Makes sure an enabled subscription for {@code callbackUrl} exists (created, re-enabled, pinged). */
    Map<String, Object> ensure(String callbackUrl);

    void delete(String subscriptionId);

    /** Asks the vendor to send a test event (validates the callback). */
    void ping(String subscriptionId);

    /**
     * True when the vendor delivers events to the subscription for {@code callbackUrl} now (enabled
     * and, where the vendor validates callbacks first, validated). One call to the vendor.
     */
    default boolean delivers(String callbackUrl) {
        return true;
    }

    /** The same, read from a subscription as {@link #ensure} or {@link #list} returned it (no call). */
    default boolean delivers(Map<String, Object> subscription) {
        return true;
    }

    /** The callback URL configured for this bridge, or null. */
    String configuredCallbackUrl();
}
