package io.contactsbridge.togglfocus;

import java.util.ArrayList;
import java.util.List;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;

/**
 * The Toggl Focus connector's settings ({@code toggl-focus.*} in application.properties,
 * {@code TOGGL_FOCUS_*} variables). Credentials: an API key ({@code Bearer toggl_sk_...}) or, where
 * configured instead, the account's e-mail and password (Basic, as Toggl's calendar page shows).
 * Without an organization id the calendar operations use the workspace-scoped paths; planned
 * entries need it (Toggl Focus keeps them under {@code /organizations/{org}/workspaces/{ws}}).
 */
public record FocusSettings(String baseUrl, String apiKey, String email, String password, long workspaceId,
                            Long organizationId, String returnTo, int hourlyQuota, HttpSettings http) {
    public static final String PREFIX = "toggl-focus";
    public static final String BASE_URL = PREFIX + ".base-url";
    public static final String API_KEY = PREFIX + ".api-key";
    public static final String EMAIL = PREFIX + ".email";
    public static final String PASSWORD = PREFIX + ".password";
    public static final String WORKSPACE_ID = PREFIX + ".workspace-id";
    public static final String ORGANIZATION_ID = PREFIX + ".organization-id";
    /** Where the provider sends the user back after an OAuth consent (set-up, write scope); optional. */
    public static final String RETURN_TO = PREFIX + ".return-to";
    /** Requests per hour of the plan: free 30, starter 240, premium 600; Toggl answers 402 beyond it. */
    public static final String HOURLY_QUOTA = PREFIX + ".hourly-quota";

    public static final List<String> SECRETS = List.of(API_KEY, PASSWORD);

    /** Missing settings; the credential is the API key, or e-mail and password together. */
    public static List<String> missing(Settings s) {
        List<String> missing = new ArrayList<>(s.missing(List.of(BASE_URL, WORKSPACE_ID)));
        if (!s.isSet(API_KEY) && !(s.isSet(EMAIL) && s.isSet(PASSWORD))) {
            missing.add(Settings.envName(API_KEY) + " (toggl_sk_... key) or " + Settings.envName(EMAIL) + " + "
                    + Settings.envName(PASSWORD));
        }
        return missing;
    }

    /** True when any of this connector's own settings (the base URL aside, which has a default) is given. */
    public static boolean anyGiven(Settings s) {
        return List.of(API_KEY, EMAIL, PASSWORD, WORKSPACE_ID, ORGANIZATION_ID).stream().anyMatch(s::isSet);
    }

    public static FocusSettings from(Settings s) {
        String base = s.require(BASE_URL);
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new FocusSettings(base, s.get(API_KEY).orElse(null), s.get(EMAIL).orElse(null), s.get(PASSWORD).orElse(null),
                id(s, WORKSPACE_ID), s.isSet(ORGANIZATION_ID) ? id(s, ORGANIZATION_ID) : null, s.get(RETURN_TO).orElse(null),
                s.getInt(HOURLY_QUOTA, 30, 1, 1_000_000), HttpSettings.from(s, PREFIX));
    }

    public boolean bearer() {
        return apiKey != null;
    }

    private static long id(Settings s, String key) {
        String v = s.require(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(Settings.describe(key) + " must be a number, not '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return "FocusSettings[baseUrl=" + baseUrl + ", workspaceId=" + workspaceId + ", organizationId=" + organizationId + "]";
    }
}
