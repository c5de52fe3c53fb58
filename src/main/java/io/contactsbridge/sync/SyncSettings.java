package io.contactsbridge.sync;

import java.time.Duration;

import io.contactsbridge.config.Settings;

/** The sync core's settings (application.properties keys), read once at start. */
public record SyncSettings(int maxAttempts, int concurrency, long pollIntervalMillis, Duration lease,
                           long retryBaseMillis, long retryMaxMillis, Duration echoWindow, Duration echoSkew,
                           String pollCron, boolean pollEnabled, String deletePolicy, String archiveTag,
                           boolean dryRun, String adminToken, Duration inboxRetention,
                           Duration auditRetention, String hub, String beforeValues, Duration deadLetterRetention) {
    public static final String MAX_ATTEMPTS = "bridge.inbox.max-attempts";
    public static final String CONCURRENCY = "bridge.inbox.concurrency";
    public static final String POLL_INTERVAL_MS = "bridge.inbox.poll-interval-ms";
    public static final String LEASE_SECONDS = "bridge.inbox.lease-seconds";
    public static final String RETRY_BASE_MS = "bridge.inbox.retry-base-ms";
    public static final String RETRY_MAX_MS = "bridge.inbox.retry-max-ms";
    public static final String ECHO_WINDOW_SECONDS = "bridge.echo.window-seconds";
    public static final String ECHO_SKEW_SECONDS = "bridge.echo.skew-seconds";
    public static final String POLL_CRON = "bridge.poll.cron";
    public static final String POLL_ENABLED = "bridge.poll.enabled";
    /** Whether the start runs the catch-up cycle (on by default; off where the sources are known to be quiet). */
    public static final String POLL_CATCH_UP = "bridge.poll.catch-up";
    public static final String DELETE_POLICY = "bridge.sync.delete-policy";
    public static final String ARCHIVE_TAG = "bridge.sync.archive-tag";
    public static final String DRY_RUN = "bridge.dry-run";
    public static final String ADMIN_TOKEN = "bridge.admin-token";
    public static final String INBOX_RETENTION_DAYS = "bridge.inbox.retention-days";
    public static final String AUDIT_RETENTION_DAYS = "bridge.audit.retention-days";
    /** How long dead letters (open, replayed or dropped) are kept before they are pruned. */
    public static final String DEAD_LETTER_RETENTION_DAYS = "bridge.dead-letters.retention-days";
    /** Where an audit row's before-values come from: {@code remembered} (no extra call) or {@code read}. */
    public static final String AUDIT_BEFORE_VALUES = "bridge.audit.before-values";

    public static final String DEFAULT_CRON = "0 0/15 * * * ?";

    /** @param hub the system every flow writes to by default (the hub connector's id) */
    public static SyncSettings of(Settings s, String hub) {
        String policy = s.get(DELETE_POLICY, "archive-tag");
        if (!SyncSteps.DELETE_POLICIES.contains(policy)) {
            throw new io.contactsbridge.config.ConfigException(Settings.describe(DELETE_POLICY)
                    + " must be one of " + String.join(", ", SyncSteps.DELETE_POLICIES) + ", not '" + policy + "'");
        }
        String cron = s.get(POLL_CRON, DEFAULT_CRON);
        try {
            new org.quartz.CronExpression(cron);
        } catch (java.text.ParseException e) {
            throw new io.contactsbridge.config.ConfigException(Settings.describe(POLL_CRON)
                    + " is not a Quartz cron expression ('" + cron + "'): " + e.getMessage());
        }
        return new SyncSettings(
                s.getInt(MAX_ATTEMPTS, 8, 1, 1000),
                s.getInt(CONCURRENCY, 4, 1, 64),
                s.getInt(POLL_INTERVAL_MS, 250, 10, 60_000),
                Duration.ofSeconds(s.getInt(LEASE_SECONDS, 120, 1, 86_400)),
                s.getInt(RETRY_BASE_MS, 2_000, 1, 3_600_000),
                s.getInt(RETRY_MAX_MS, 900_000, 1, 86_400_000),
                Duration.ofSeconds(s.getInt(ECHO_WINDOW_SECONDS, 1800, 1, 86_400)),
                Duration.ofSeconds(s.getInt(ECHO_SKEW_SECONDS, 120, 0, 86_400)),
                cron,
                s.getBoolean(POLL_ENABLED, true),
                policy,
                s.get(ARCHIVE_TAG, "archived"),
                s.getBoolean(DRY_RUN, false),
                s.get(ADMIN_TOKEN, ""),
                Duration.ofDays(s.getInt(INBOX_RETENTION_DAYS, 30, 1, 3650)),
                Duration.ofDays(s.getInt(AUDIT_RETENTION_DAYS, 90, 1, 36500)),
                hub,
                beforeValues(s),
                Duration.ofDays(s.getInt(DEAD_LETTER_RETENTION_DAYS, 90, 1, 36500)));
    }

    private static String beforeValues(Settings s) {
        String mode = s.get(AUDIT_BEFORE_VALUES, WriteChanges.REMEMBERED);
        if (!mode.equals(WriteChanges.REMEMBERED) && !mode.equals(WriteChanges.READ)) {
            throw new io.contactsbridge.config.ConfigException(Settings.describe(AUDIT_BEFORE_VALUES) + " must be "
                    + WriteChanges.REMEMBERED + " or " + WriteChanges.READ + ", not '" + mode + "'");
        }
        return mode;
    }

    /**
     * How long one poll cycle is: the time between the schedule's next two slots (15 minutes by
     * default). The catch-up at start polls the sources last polled longer ago than this.
     */
    public Duration pollCycle() {
        try {
            org.quartz.CronExpression cron = new org.quartz.CronExpression(pollCron);
            java.util.Date first = cron.getNextValidTimeAfter(new java.util.Date());
            java.util.Date second = first == null ? null : cron.getNextValidTimeAfter(first);
            if (second == null) {
                return Duration.ofMinutes(15);
            }
            return Duration.ofMillis(second.getTime() - first.getTime());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e); // checked in of()
        }
    }

    /** Exponential backoff after the n-th failed attempt, at least what the API asked for. */
    public long backoffMillis(int attempts, long retryAfterMillis) {
        long exp = retryBaseMillis * (1L << Math.min(Math.max(attempts - 1, 0), 20));
        return Math.max(Math.min(exp, retryMaxMillis), retryAfterMillis);
    }
}
