package io.contactsbridge.hubstaff;

import java.util.List;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;

/**
 * The Hubstaff connector's settings ({@code hubstaff.*} in application.properties, {@code HUBSTAFF_*}
 * variables). The refresh token (a personal access token is one, valid 90 days) seeds the tokens table
 * once; it rotates at every exchange and lives in the store afterwards.
 */
public record HubstaffSettings(String baseUrl, String accountUrl, String refreshToken, long organizationId,
                               String webhookCallbackUrl, List<String> webhookEvents, boolean subscribeOnStart,
                               int refreshAheadSeconds, int refreshTokenWarnDays, int activityDays, boolean pollOnStart,
                               HttpSettings http) {
    public static final String BASE_URL = "hubstaff.base-url";
    public static final String ACCOUNT_URL = "hubstaff.account-url";
    public static final String REFRESH_TOKEN = "hubstaff.refresh-token";
    public static final String ORGANIZATION_ID = "hubstaff.organization-id";
    public static final String WEBHOOK_CALLBACK_URL = "hubstaff.webhook.callback-url";
    public static final String WEBHOOK_EVENTS = "hubstaff.webhook.events";
    public static final String WEBHOOK_SUBSCRIBE_ON_START = "hubstaff.webhook.subscribe-on-start";
    public static final String REFRESH_AHEAD_SECONDS = "hubstaff.refresh-ahead-seconds";
    public static final String REFRESH_TOKEN_WARN_DAYS = "hubstaff.refresh-token-warn-days";
    public static final String ACTIVITY_DAYS = "hubstaff.activity-days";
    /** Run a poll cycle right after start (clients come only from the poll). */
    public static final String POLL_ON_START = "hubstaff.poll-on-start";
    /** The events the reference documents. */
    public static final String DEFAULT_EVENTS = "task.create,timer.start,timer.stop,shift.late";

    /** Without these the connector is disabled (the refresh token may be absent once one is stored: see missingSettings). */
    public static final List<String> REQUIRED = List.of(BASE_URL, ACCOUNT_URL, REFRESH_TOKEN, ORGANIZATION_ID);
    public static final List<String> SECRETS = List.of(REFRESH_TOKEN);

    public static HubstaffSettings from(Settings s) {
        String events = s.get(WEBHOOK_EVENTS, DEFAULT_EVENTS);
        return new HubstaffSettings(trimSlash(s.require(BASE_URL)), trimSlash(s.require(ACCOUNT_URL)),
                s.get(REFRESH_TOKEN).orElse(null), id(s, ORGANIZATION_ID), s.get(WEBHOOK_CALLBACK_URL).map(HubstaffSettings::trimSlash).orElse(null),
                List.of(events.split("\\s*,\\s*")), s.getBoolean(WEBHOOK_SUBSCRIBE_ON_START, false),
                s.getInt(REFRESH_AHEAD_SECONDS, 120, 0, 86_400), s.getInt(REFRESH_TOKEN_WARN_DAYS, 14, 1, 89),
                s.getInt(ACTIVITY_DAYS, 2, 1, 31), s.getBoolean(POLL_ON_START, false), HttpSettings.from(s, "hubstaff"));
    }

    /** The token endpoint: {@code <account>/access_tokens}. */
    public String tokenUrl() {
        return accountUrl + "/access_tokens";
    }

    private static long id(Settings s, String key) {
        String v = s.require(key);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(Settings.describe(key) + " must be a number, not '" + v + "'");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "HubstaffSettings[baseUrl=" + baseUrl + ", accountUrl=" + accountUrl + ", organizationId=" + organizationId + "]";
    }
}
