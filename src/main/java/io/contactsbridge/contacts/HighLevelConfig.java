package io.contactsbridge.contacts;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;
import org.slf4j.LoggerFactory;

/** The HighLevel connection's settings, read and checked once. */
public record HighLevelConfig(
        String baseUrl,
        String locationId,
        String token,
        String clientId,
        String clientSecret,
        String refreshToken,
        int rateMax,
        long rateIntervalMillis,
        long refreshAheadSeconds,
        HttpSettings http) {

    public static final String PREFIX = "highlevel";
    public static final String BASE_URL = "highlevel.base-url";
    public static final String LOCATION_ID = "highlevel.location-id";
    public static final String TOKEN = "highlevel.token";
    public static final String CLIENT_ID = "highlevel.client-id";
    public static final String CLIENT_SECRET = "highlevel.client-secret";
    public static final String REFRESH_TOKEN = "highlevel.refresh-token";
    /** auto (the private integration token when one is set, else OAuth), token, or oauth (ignore a set token). */
    public static final String AUTH = "highlevel.auth";
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
    public static final String DRY_RUN = HttpSettings.DRY_RUN;

    public static HighLevelConfig from(Settings s) {
        String base = s.require(BASE_URL);
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new ConfigException(Settings.describe(BASE_URL) + " must be an http(s) URL, not '" + base + "'");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HighLevelConfig c = new HighLevelConfig(
                base,
                s.require(LOCATION_ID),
                usesOAuth(s) ? null : s.get(TOKEN).orElse(null),
                s.get(CLIENT_ID).orElse(null),
                s.get(CLIENT_SECRET).orElse(null),
                s.get(REFRESH_TOKEN).orElse(null),
                s.getInt(RATE_MAX, 100, 1, 100_000),
                s.getInt(RATE_INTERVAL, 10_000, 1, 3_600_000),
                s.getInt(REFRESH_AHEAD, 300, 0, 86_400),
                HttpSettings.from(s, PREFIX));
        if (c.token == null && (c.clientId == null || c.clientSecret == null)) {
            throw new ConfigException("HighLevel: set " + Settings.describe(TOKEN) + ", or "
                    + Settings.describe(CLIENT_ID) + " and " + Settings.describe(CLIENT_SECRET));
        }
        if (c.token != null && c.refreshToken != null) {
            LoggerFactory.getLogger(HighLevelConfig.class).warn(
                    "{} is set, so the bridge uses the private integration token and ignores the OAuth settings",
                    Settings.envName(TOKEN));
        }
        return c;
    }

    /** True when the connection uses OAuth: {@value #AUTH} oauth, or auto without a private integration token. */
    public static boolean usesOAuth(Settings s) {
        String auth = s.get(AUTH, "auto");
        if (!java.util.List.of("auto", "token", "oauth").contains(auth)) {
            throw new ConfigException(Settings.describe(AUTH) + " must be auto, token or oauth, not '" + auth + "'");
        }
        return auth.equals("oauth") || auth.equals("auto") && !s.isSet(TOKEN);
    }

    /** OAuth when no private integration token is configured. */
    public boolean oauth() {
        return token == null;
    }

    public boolean readOnly() {
        return http.readOnly();
    }

    @Override
    public String toString() {
        // records print every field; this one holds secrets
        return "HighLevelConfig[" + baseUrl + ", location " + locationId + ", " + (oauth() ? "OAuth" : "private integration token") + "]";
    }
}
