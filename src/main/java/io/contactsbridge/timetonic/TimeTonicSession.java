package io.contactsbridge.timetonic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.auth.TokenProvider;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimeTonic's session chain as the kit's credential: {@code createAppkey} (only when no app key is
 * configured or stored) → {@code createOauthkey} (login and password; skipped with a configured or
 * stored oauth key) → {@code createSesskey}. The keys are kept in the kit's {@code tokens} table
 * (provider {@value #PROVIDER} / account o_u: session key and oauth key; {@value #APPKEY_PROVIDER}: a
 * created app key), so a restart or another replica reuses them. The session key goes into every
 * request's form fields with {@code o_u} and {@code u_c}; when TimeTonic says the session is invalid
 * the kit asks {@link #renewAfterRejection} once, which makes a new session key (and, if the oauth
 * key is refused too, a new oauth key from login and password).
 */
final class TimeTonicSession implements TokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TimeTonicSession.class);
    static final String PROVIDER = "timetonic";
    static final String APPKEY_PROVIDER = "timetonic-appkey";

    private final TokenStore store;
    private final Operations chain;
    private final TimeTonicSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile String sesskey;

    TimeTonicSession(TokenStore store, Operations chain, TimeTonicSettings settings) {
        this.store = store;
        this.chain = chain;
        this.settings = settings;
        SecretMasker.register(settings.password());
        SecretMasker.register(settings.appKey());
        SecretMasker.register(settings.oauthKey());
    }

    @Override
    public String credential() {
        String current = sesskey;
        if (current != null) {
            return current;
        }
        lock.lock();
        try {
            if (sesskey == null) {
                Optional<TokenStore.StoredToken> stored = store.find(PROVIDER, settings.ou());
                String kept = stored.map(TokenStore.StoredToken::accessToken).orElse(null);
                if (kept != null) {
                    SecretMasker.register(kept);
                    sesskey = kept;
                } else {
                    sesskey = newSession(false);
                }
            }
            return sesskey;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void apply(Message request, String credential) {
        // no header: the session travels in the form fields
    }

    @Override
    public Map<String, String> formFields(String credential) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("o_u", settings.ou());
        fields.put("u_c", settings.uc());
        fields.put("sesskey", credential);
        return fields;
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        lock.lock();
        try {
            if (sesskey != null && !sesskey.equals(rejected)) {
                return true; // another call renewed it meanwhile
            }
            LOG.info("TimeTonic session no longer valid: making a new one");
            sesskey = newSession(true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String mode() {
        return "session key";
    }

    /** A new session key, stored before it is used. {@code oauthSuspect}: retry with a new oauth key when it is refused. */
    private String newSession(boolean oauthSuspect) {
        String oauthKey = oauthKey(false);
        String key;
        try {
            key = createSesskey(oauthKey);
        } catch (Unauthorized e) {
            if (!canLogIn()) {
                throw e;
            }
            LOG.info("TimeTonic refused the oauth key ({}): logging in again", e.getMessage());
            oauthKey = oauthKey(true);
            key = createSesskey(oauthKey);
        }
        save(oauthKey, key);
        return key;
    }

    private String createSesskey(String oauthKey) {
        Map<String, Object> answer = chain.callForMap("createSesskey",
                Map.of("o_u", settings.ou(), "u_c", settings.uc(), "oauthkey", oauthKey), null);
        return secret(answer, "sesskey", "createSesskey");
    }

    /** The configured oauth key, else the stored one, else (or when {@code fresh}) one made from login and password. */
    private String oauthKey(boolean fresh) {
        if (!fresh && settings.oauthKey() != null) {
            return settings.oauthKey();
        }
        if (!fresh) {
            Optional<TokenStore.StoredToken> stored = store.find(PROVIDER, settings.ou());
            if (stored.isPresent() && stored.get().refreshToken() != null && !stored.get().refreshToken().isBlank()) {
                SecretMasker.register(stored.get().refreshToken());
                return stored.get().refreshToken();
            }
        }
        if (!canLogIn()) {
            throw new IllegalStateException("TimeTonic needs " + TimeTonicSettings.CREDENTIALS + " to open a session");
        }
        Map<String, Object> answer = chain.callForMap("createOauthkey",
                Map.of("login", settings.login(), "pwd", settings.password(), "appkey", appKey()), null);
        String oauthKey = secret(answer, "oauthkey", "createOauthkey");
        save(oauthKey, null);
        return oauthKey;
    }

    /** The configured app key, else the one made at the first start. */
    private String appKey() {
        if (settings.appKey() != null) {
            return settings.appKey();
        }
        Optional<TokenStore.StoredToken> stored = store.find(APPKEY_PROVIDER, settings.ou());
        if (stored.isPresent()) {
            SecretMasker.register(stored.get().refreshToken());
            return stored.get().refreshToken();
        }
        Map<String, Object> answer = chain.callForMap("createAppkey", Map.of("appname", settings.appName()), null);
        String appKey = secret(answer, "appkey", "createAppkey");
        if (!store.insertSeed(APPKEY_PROVIDER, settings.ou(), appKey, null)) {
            return store.find(APPKEY_PROVIDER, settings.ou()).map(TokenStore.StoredToken::refreshToken).orElse(appKey);
        }
        LOG.info("TimeTonic: created and stored an app key for {}", settings.appName());
        return appKey;
    }

    private boolean canLogIn() {
        return settings.login() != null && settings.password() != null;
    }

    /** Stores the oauth key and (when given) the session key: one row per o_u, updated by version. */
    private void save(String oauthKey, String sessionKey) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<TokenStore.StoredToken> row = store.find(PROVIDER, settings.ou());
            if (row.isEmpty()) {
                if (store.insertSeed(PROVIDER, settings.ou(), oauthKey, null) && sessionKey == null) {
                    return;
                }
                continue;
            }
            TokenStore.StoredToken t = row.get();
            String access = sessionKey != null ? sessionKey : t.accessToken();
            if (store.replace(t.version(), new TokenStore.StoredToken(PROVIDER, settings.ou(), access, oauthKey, null,
                    null, null, t.version()))) {
                return;
            }
        }
        LOG.warn("TimeTonic: the session could not be stored (another replica kept changing it); using it anyway");
    }

    private static String secret(Map<String, Object> answer, String key, String operation) {
        Object value = answer.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalStateException("TimeTonic " + operation + " answered without " + key);
        }
        String s = String.valueOf(value);
        SecretMasker.register(s);
        return s;
    }
}
