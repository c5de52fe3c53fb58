package io.contactsbridge.toggl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;

/** The Toggl Track connector's settings ({@code toggl.*} in application.properties, {@code TOGGL_*} variables). */
public record TogglSettings(String baseUrl, String webhooksUrl, String apiToken, long workspaceId, Long organizationId,
                            String webhookSecret, String plan, String callbackUrl, boolean subscribeOnStart,
                            HttpSettings http, String reportsUrl, String timeEntries, int lookbackDays,
                            Map<Long, String> workspaceOwners) {
    public static final String BASE_URL = "toggl.base-url";
    public static final String WEBHOOKS_URL = "toggl.webhooks-url";
    public static final String API_TOKEN = "toggl.api-token";
    public static final String WORKSPACE_ID = "toggl.workspace-id";
    public static final String ORGANIZATION_ID = "toggl.organization-id";
    public static final String WEBHOOK_SECRET = "toggl.webhook-secret";
    public static final String PLAN = "toggl.plan";
    public static final String CALLBACK_URL = "toggl.callback-url";
    public static final String SUBSCRIBE_ON_START = "toggl.subscribe-on-start";
    public static final String REPORTS_URL = "toggl.reports-url";
    /** {@code workspace}: every user's entries (Reports API); {@code owner}: the token owner's (/me/time_entries). */
    public static final String TIME_ENTRIES = "toggl.time-entries";
    public static final String LOOKBACK_DAYS = "toggl.time-entries.lookback-days";
    /** {@code <workspace id>:<HighLevel contact id>,...}: contacts that own a workspace (they get a note about it). */
    public static final String WORKSPACE_OWNERS = "toggl.workspace-owners";

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
                s.get(CALLBACK_URL).orElse(null), s.getBoolean(SUBSCRIBE_ON_START, false), HttpSettings.from(s, "toggl"),
                s.get(REPORTS_URL).map(TogglSettings::trimSlash).orElseGet(() -> defaultReportsUrl(base)),
                timeEntries(s), s.getInt(LOOKBACK_DAYS, 7, 1, 366), owners(s));
    }

    private static String timeEntries(Settings s) {
        String v = s.get(TIME_ENTRIES, "workspace").toLowerCase(Locale.ROOT);
        if (!List.of("workspace", "owner").contains(v)) {
            throw new ConfigException(Settings.describe(TIME_ENTRIES) + " must be workspace or owner, not '" + v + "'");
        }
        return v;
    }

    private static Map<Long, String> owners(Settings s) {
        Map<Long, String> owners = new LinkedHashMap<>();
        for (String pair : s.get(WORKSPACE_OWNERS, "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.trim().split(":", 2);
            if (kv.length != 2 || !kv[0].trim().matches("\\d+") || kv[1].isBlank()) {
                throw new ConfigException(Settings.describe(WORKSPACE_OWNERS)
                        + " must be <workspace id>:<contact id>[,...], not '" + pair.trim() + "'");
            }
            owners.put(Long.parseLong(kv[0].trim()), kv[1].trim());
        }
        return Map.copyOf(owners);
    }

    /** https://api.track.toggl.com/api/v9 -> https://api.track.toggl.com/reports/api/v3 */
    static String defaultReportsUrl(String base) {
        return base.endsWith("/api/v9") ? base.substring(0, base.length() - "/api/v9".length()) + "/reports/api/v3"
                : "https://api.track.toggl.com/reports/api/v3";
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
