package io.contactsbridge.connector.http;

import io.contactsbridge.config.Settings;

/**
 * The HTTP pipeline's settings for one connector, read from {@code <prefix>.*} keys with the same
 * names for every connector: {@code <prefix>.retry.max-redeliveries}, {@code .retry.initial-delay-ms},
 * {@code .retry.max-delay-ms} (caps the backoff), {@code .retry.max-retry-after-ms} (the longest
 * Retry-After a call waits out in its thread; a longer one is the caller's), {@code .http.connect-timeout-ms},
 * {@code .http.response-timeout-ms}, {@code .max-pages}, {@code .read-only}; and {@code bridge.dry-run} for all.
 */
public record HttpSettings(int maxRedeliveries, long initialDelayMillis, long maxDelayMillis, long maxRetryAfterMillis,
                           int connectTimeoutMillis, int responseTimeoutMillis, int maxPages, boolean readOnly,
                           String readOnlyKey, boolean dryRun) {
    public static final String DRY_RUN = "bridge.dry-run";

    public static HttpSettings from(Settings s, String prefix) {
        return new HttpSettings(
                s.getInt(prefix + ".retry.max-redeliveries", 4, 0, 20),
                s.getInt(prefix + ".retry.initial-delay-ms", 500, 0, 600_000),
                s.getInt(prefix + ".retry.max-delay-ms", 30_000, 0, 3_600_000),
                s.getInt(prefix + ".retry.max-retry-after-ms", 60_000, 0, 3_600_000),
                s.getInt(prefix + ".http.connect-timeout-ms", 10_000, 1, 600_000),
                s.getInt(prefix + ".http.response-timeout-ms", 30_000, 1, 600_000),
                s.getInt(prefix + ".max-pages", 100, 1, 100_000),
                s.getBoolean(prefix + ".read-only", false),
                prefix + ".read-only",
                s.getBoolean(DRY_RUN, false));
    }
}
