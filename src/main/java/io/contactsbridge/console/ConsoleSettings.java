package io.contactsbridge.console;

import java.time.Duration;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;

/**
 * The operations console's and the alert rules' settings ({@code bridge.console.*},
 * {@code bridge.alerts.*} in application.properties).
 *
 * @param refreshSeconds       how often the page refreshes itself
 * @param session              how long a login lasts
 * @param checkInterval        how often every connection is checked in the background (zero: only on request)
 * @param alertInterval        how often the alert rules are evaluated
 * @param failingFor           a connection failing this long raises an alert
 * @param deadLettersAbove     more open dead letters than this raise an alert
 * @param quotaBelowPercent    a quota window with less left than this share raises an alert
 * @param tokenEndsWithin      a refresh token ending within this raises an alert
 * @param webhookUrl           where alerts are also posted (JSON with a Slack-compatible {@code text}); blank: log only
 */
public record ConsoleSettings(String adminToken, int refreshSeconds, Duration session, Duration checkInterval,
                              Duration alertInterval, Duration failingFor, int deadLettersAbove, int quotaBelowPercent,
                              Duration tokenEndsWithin, String webhookUrl) {

    public static final String REFRESH_SECONDS = "bridge.console.refresh-seconds";
    public static final String SESSION_HOURS = "bridge.console.session-hours";
    public static final String CHECK_INTERVAL_MINUTES = "bridge.console.check-interval-minutes";
    public static final String ALERT_INTERVAL_SECONDS = "bridge.alerts.interval-seconds";
    public static final String FAILING_MINUTES = "bridge.alerts.failing-minutes";
    public static final String DEAD_LETTERS_ABOVE = "bridge.alerts.dead-letters-above";
    public static final String QUOTA_BELOW_PERCENT = "bridge.alerts.quota-below-percent";
    public static final String TOKEN_DAYS = "bridge.alerts.refresh-token-days";
    public static final String WEBHOOK_URL = "bridge.alerts.webhook-url";

    public static ConsoleSettings from(Settings s) {
        return new ConsoleSettings(s.get(BridgeSettings.ADMIN_TOKEN, ""),
                s.getInt(REFRESH_SECONDS, 5, 1, 3600),
                Duration.ofHours(s.getInt(SESSION_HOURS, 12, 1, 24 * 30)),
                Duration.ofMinutes(s.getInt(CHECK_INTERVAL_MINUTES, 60, 0, 24 * 60)),
                Duration.ofSeconds(s.getInt(ALERT_INTERVAL_SECONDS, 30, 1, 3600)),
                Duration.ofMinutes(s.getInt(FAILING_MINUTES, 5, 0, 24 * 60)),
                s.getInt(DEAD_LETTERS_ABOVE, 0, 0, Integer.MAX_VALUE),
                s.getInt(QUOTA_BELOW_PERCENT, 10, 0, 100),
                Duration.ofDays(s.getInt(TOKEN_DAYS, 14, 0, 3650)),
                s.get(WEBHOOK_URL, "").trim());
    }
}
