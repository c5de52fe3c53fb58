package io.contactsbridge.toggl;

import java.util.List;
import java.util.Locale;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;

/** The Toggl Track connector's settings ({@code toggl.*} in application.properties, {@code TOGGL_*} variables). */
public record TogglSettings(String baseUrl, String webhooksUrl, String apiToken, long workspaceId, Long organizationId,
                            String webhookSecret, String plan, String callbackUrl, boolean subscribeOnStart,
                            HttpSettings http) {
    public static final String BASE_URL = "toggl.base-url";
    public static final String WEBHOOKS_URL = "toggl.webhooks-url";
    public static final String API_TOKEN = "toggl.api-token";
    public static final String WORKSPACE_ID = "toggl.workspace-id";
    public static final String ORGANIZATION_ID = "toggl.organization-id";
    public static final String WEBHOOK_SECRET = "toggl.webhook-secret";
    public static final String PLAN = "toggl.plan";
    public static final String CALLBACK_URL = "toggl.callback-url";
    public static final String SUBSCRIBE_ON_START = "toggl.subscribe-on-start";

    /** Without these the connector is disabled. */
    public static final List<String> REQUIRED = List.of(BASE_URL, API_TOKEN, WORKSPACE_ID, WEBHOOK_SECRET);
    /** Values that are secrets (masked in logs). */
    public static final List<String> SECRETS = List.of(API_TOKEN, WEBHOOK_SECRET);

    public static TogglSettings from(Settings s) {
        String base = trimSlash(s.require(BASE_URL));
        String hooks = s.get(WEBHOOKS_URL).map(TogglSettings::trimSlash).orElseGet(() -> defaultWebhooksUrl(base));
        String plan = s.get(PLAN, "free").toLowerCase(Locale.ROOT);
        if (!List.of("free", "starter", "premium", "enterprise").contains(plan)) {
            throw new ConfigException(Settings.describe(PLAN) + " must be free, starter, premium or enterprise, not '" + plan + "'");
        }
        return new TogglSettings(base, hooks, s.require(API_TOKEN), id(s, WORKSPACE_ID),
                s.isSet(ORGANIZATION_ID) ? id(s, ORGANIZATION_ID) : null, s.require(WEBHOOK_SECRET), plan,
                s.get(CALLBACK_URL).orElse(null), s.getBoolean(SUBSCRIBE_ON_START, false), HttpSettings.from(s, "toggl"));
    }

    /** https://api.track.toggl.com/api/v9 -> https://api.track.toggl.com/webhooks/api/v1 */
    static String defaultWebhooksUrl(String base) {
        return base.endsWith("/api/v9") ? base.substring(0, base.length() - "/api/v9".length()) + "/webhooks/api/v1"
                : "https://api.track.toggl.com/webhooks/api/v1";
    }

    /** Requests per hour of the plan (org-scoped calls); Toggl answers 402 beyond it. */
    public int hourlyQuota() {
        return switch (plan) {
            case "starter" -> 240;
            case "premium" -> 600;
            case "enterprise" -> 6000;
            default -> 30;
        };
    }

    public long requireOrganizationId() {
        if (organizationId == null) {
            throw new ConfigException("missing setting " + Settings.describe(ORGANIZATION_ID) + " (needed for invitations)");
        }
        return organizationId;
    }

    private static long id(Settings s, String key) {
        String v = s.require(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(Settings.describe(key) + " must be a number, not '" + v + "'");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "TogglSettings[baseUrl=" + baseUrl + ", workspaceId=" + workspaceId + ", plan=" + plan + "]";
    }
}
