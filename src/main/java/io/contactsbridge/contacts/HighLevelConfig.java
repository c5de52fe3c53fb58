package io.contactsbridge.contacts;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;

/** The HighLevel connection's settings, read and checked once. */
public record HighLevelConfig(
        String baseUrl,
        String locationId,
        String token,
        String clientId,
        String clientSecret,
        String refreshToken,
        boolean readOnly,
        boolean dryRun,
        int maxPages,
        int retryMaxRedeliveries,
        long retryInitialDelayMillis,
        long retryMaxDelayMillis,
        int rateMax,
        long rateIntervalMillis,
        long refreshAheadSeconds,
        int connectTimeoutMillis,
        int responseTimeoutMillis) {

    public static final String READ_ONLY = "highlevel.read-only";
    public static final String MAX_PAGES = "highlevel.max-pages";
    public static final String RETRY_MAX_REDELIVERIES = "highlevel.retry.max-redeliveries";
    public static final String RETRY_INITIAL_DELAY = "highlevel.retry.initial-delay-ms";
    public static final String RETRY_MAX_DELAY = "highlevel.retry.max-delay-ms";
    public static final String RATE_MAX = "highlevel.rate.max";
    public static final String RATE_INTERVAL = "highlevel.rate.interval-ms";
    public static final String REFRESH_AHEAD = "highlevel.oauth.refresh-ahead-seconds";
    public static final String CONNECT_TIMEOUT = "highlevel.http.connect-timeout-ms";
    public static final String RESPONSE_TIMEOUT = "highlevel.http.response-timeout-ms";
    public static final String DRY_RUN = "bridge.dry-run";

    public static HighLevelConfig from(Settings s) {
        String base = s.require(HighLevelConnector.BASE_URL);
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new ConfigException(Settings.describe(HighLevelConnector.BASE_URL) + " must be an http(s) URL, not '" + base + "'");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HighLevelConfig c = new HighLevelConfig(
                base,
                s.require(HighLevelConnector.LOCATION_ID),
                s.get(HighLevelConnector.TOKEN).orElse(null),
                s.get(HighLevelConnector.CLIENT_ID).orElse(null),
                s.get(HighLevelConnector.CLIENT_SECRET).orElse(null),
                s.get(HighLevelConnector.REFRESH_TOKEN).orElse(null),
                s.getBoolean(READ_ONLY, false),
                s.getBoolean(DRY_RUN, false),
                s.getInt(MAX_PAGES, 100, 1, 100_000),
                s.getInt(RETRY_MAX_REDELIVERIES, 4, 0, 20),
                s.getInt(RETRY_INITIAL_DELAY, 500, 0, 600_000),
                s.getInt(RETRY_MAX_DELAY, 30_000, 0, 3_600_000),
                s.getInt(RATE_MAX, 100, 1, 100_000),
                s.getInt(RATE_INTERVAL, 10_000, 1, 3_600_000),
                s.getInt(REFRESH_AHEAD, 300, 0, 86_400),
                s.getInt(CONNECT_TIMEOUT, 10_000, 1, 600_000),
                s.getInt(RESPONSE_TIMEOUT, 30_000, 1, 600_000));
        if (c.token == null && (c.clientId == null || c.clientSecret == null)) {
            throw new ConfigException("HighLevel: set " + Settings.describe(HighLevelConnector.TOKEN) + ", or "
                    + Settings.describe(HighLevelConnector.CLIENT_ID) + " and " + Settings.describe(HighLevelConnector.CLIENT_SECRET));
        }
        if (c.token != null && (c.clientId != null || c.clientSecret != null || c.refreshToken != null)) {
            org.slf4j.LoggerFactory.getLogger(HighLevelConfig.class).warn(
                    "{} is set, so the bridge uses the private integration token and ignores the OAuth settings",
                    Settings.envName(HighLevelConnector.TOKEN));
        }
        return c;
    }

    /** OAuth when no private integration token is configured. */
    public boolean oauth() {
        return token == null;
    }

    @Override
    public String toString() {
        // records print every field; this one holds secrets
        return "HighLevelConfig[" + baseUrl + ", location " + locationId + ", " + (oauth() ? "OAuth" : "private integration token") + "]";
    }
}
