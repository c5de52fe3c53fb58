package io.contactsbridge.timetonic;

import java.util.ArrayList;
import java.util.List;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.HttpSettings;

/**
 * The TimeTonic connector's settings ({@code timetonic.*} in application.properties,
 * {@code TIMETONIC_*} variables). Credentials: an oauth key, or login and password (with the app
 * key, or without it: then one is made with createAppkey at the first start and stored).
 */
public record TimeTonicSettings(String baseUrl, String appKey, String login, String password, String oauthKey,
                                String appName, String ou, String uc, String bookCode, String bookOwner,
                                String leadsTable, String contactsTable, String apiVersion, String fieldMapFile,
                                boolean pollOnStart, int pollIntervalSeconds, int summaryEveryMinutes,
                                HttpSettings http) {
    public static final String BASE_URL = "timetonic.base-url";
    public static final String APPKEY = "timetonic.appkey";
    public static final String LOGIN = "timetonic.login";
    public static final String PASSWORD = "timetonic.password";
    public static final String OAUTHKEY = "timetonic.oauthkey";
    public static final String APP_NAME = "timetonic.app-name";
    public static final String O_U = "timetonic.o-u";
    public static final String U_C = "timetonic.u-c";
    public static final String BOOK_CODE = "timetonic.book-code";
    public static final String BOOK_OWNER = "timetonic.book-owner";
    public static final String LEADS_TABLE = "timetonic.leads-table-id";
    public static final String CONTACTS_TABLE = "timetonic.contacts-table-id";
    public static final String API_VERSION = "timetonic.api-version";
    public static final String FIELD_MAP = "timetonic.field-map";
    public static final String POLL_ON_START = "timetonic.poll-on-start";
    public static final String POLL_INTERVAL = "timetonic.poll-interval-seconds";
    public static final String SUMMARY_EVERY = "timetonic.summary-every-minutes";

    /** Without these (and a credential) the connector is disabled. */
    public static final List<String> REQUIRED = List.of(BASE_URL, O_U, BOOK_CODE, BOOK_OWNER, LEADS_TABLE, CONTACTS_TABLE);
    static final String CREDENTIALS = "TIMETONIC_OAUTHKEY, or TIMETONIC_LOGIN and TIMETONIC_PASSWORD";
    public static final List<String> SECRETS = List.of(APPKEY, PASSWORD, OAUTHKEY);

    public static List<String> missing(Settings s) {
        List<String> missing = new ArrayList<>(s.missing(REQUIRED));
        if (!s.isSet(OAUTHKEY) && !(s.isSet(LOGIN) && s.isSet(PASSWORD))) {
            missing.add(CREDENTIALS);
        }
        return missing;
    }

    public static TimeTonicSettings from(Settings s) {
        String ou = s.require(O_U);
        if (!s.isSet(OAUTHKEY) && !(s.isSet(LOGIN) && s.isSet(PASSWORD))) {
            throw new ConfigException("missing setting " + CREDENTIALS);
        }
        return new TimeTonicSettings(trimSlash(s.require(BASE_URL)), s.get(APPKEY).orElse(null), s.get(LOGIN).orElse(null),
                s.get(PASSWORD).orElse(null), s.get(OAUTHKEY).orElse(null), s.get(APP_NAME, "contacts-bridge"), ou,
                s.get(U_C, ou), s.require(BOOK_CODE), s.require(BOOK_OWNER), s.require(LEADS_TABLE),
                s.require(CONTACTS_TABLE), s.get(API_VERSION, "6.49q/6.49"),
                s.get(FIELD_MAP, "routes/timetonic-field-map.yml"), s.getBoolean(POLL_ON_START, true),
                s.getInt(POLL_INTERVAL, 0, 0, 86_400), s.getInt(SUMMARY_EVERY, 15, 1, 10_080), HttpSettings.from(s, "timetonic"));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "TimeTonicSettings[baseUrl=" + baseUrl + ", o_u=" + ou + ", book=" + bookCode + "]";
    }
}
