package io.contactsbridge.contacts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.runtime.ConnectionCheck;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the configured HighLevel grant can do: token valid, location reachable, scopes granted.
 * Scopes come from the OAuth token response when it lists them; otherwise (a private integration
 * token) they are probed with two calls: get-contacts limit=1 (read) and an update-contact of a
 * contact id that cannot exist (write: HighLevel checks the scope before the contact, so a scope
 * error means no contacts.write, and 400/404/422 means it is granted). The probe is sent even in
 * dry run and read-only mode; it changes nothing.
 */
public final class HighLevelConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HighLevelConnection.class);
    static final String PROBE_CONTACT_ID = "contacts-bridge-scope-probe-0000";

    private final HighLevelClient client;

    public HighLevelConnection(HighLevelClient client) {
        this.client = client;
    }

    /** Granted scopes relevant to the bridge, and how we know. */
    public record Scopes(boolean read, boolean write, String source) {
        public String describe() {
            return (read ? ContactsOperation.READ_SCOPE : "no " + ContactsOperation.READ_SCOPE) + ", "
                    + (write ? ContactsOperation.WRITE_SCOPE : "no " + ContactsOperation.WRITE_SCOPE) + " (" + source + ")";
        }
    }

    /** Location reachable with the token (one get-contacts limit=1); throws the typed error otherwise. */
    public void reachLocation() {
        call("get-contacts", Map.of("limit", 1), null);
    }

    public Scopes scopes() {
        var granted = client.tokens().grantedScopes();
        if (granted.isPresent()) {
            Set<String> s = granted.get();
            return new Scopes(s.contains(ContactsOperation.READ_SCOPE) || s.contains(ContactsOperation.WRITE_SCOPE),
                    s.contains(ContactsOperation.WRITE_SCOPE), "from the token");
        }
        boolean read = probe(() -> reachLocation());
        boolean write = probe(() -> {
            try {
                call("update-contact", Map.of("contactId", PROBE_CONTACT_ID), Map.of());
            } catch (NotFound | Invalid expected) {
                // scope granted; the contact does not exist
            }
        });
        return new Scopes(read, write, "probed");
    }

    /**
     * At start: a missing read scope, a missing write scope (unless read-only), a refused token or
     * a needed re-authorisation stop the bridge with one line naming the cause. If the API cannot
     * be reached now (5xx, 429, no answer), the bridge starts and says so: calls will retry.
     */
    public void verifyAtStart() {
        try {
            Scopes scopes = scopes();
            requireScopes(scopes, client.config().readOnly());
            LOG.info("HighLevel connection OK: location {}, {}, {}", client.config().locationId(),
                    client.tokens().mode(), scopes.describe());
        } catch (ScopeMissing | Unauthorized | ReauthorizationRequired | NotFound | Invalid e) {
            throw new ConfigException("HighLevel connection unusable: " + e.getMessage());
        } catch (RateLimited | ServerError | IoFailure e) {
            LOG.warn("HighLevel could not be checked at start ({}); starting anyway, calls will retry", e.getMessage());
        }
    }

    static void requireScopes(Scopes scopes, boolean readOnly) {
        if (!scopes.read()) {
            throw new ConfigException("HighLevel: the token lacks scope " + ContactsOperation.READ_SCOPE
                    + " (" + scopes.source() + "); grant it to the private integration / app and restart");
        }
        if (!scopes.write() && !readOnly) {
            throw new ConfigException("HighLevel: the token lacks scope " + ContactsOperation.WRITE_SCOPE
                    + " (" + scopes.source() + "), which the flows need to write contacts; grant it, or set "
                    + Settings.describe(HighLevelConfig.READ_ONLY) + "=true to run read-only");
        }
    }

    /** For {@code check}: one line. */
    public ConnectionCheck.Result check() {
        try {
            reachLocation();
            Scopes scopes = scopes();
            requireScopes(scopes, client.config().readOnly());
            return ConnectionCheck.Result.ok("OK: location " + client.config().locationId() + " reachable with "
                    + client.tokens().mode() + "; " + scopes.describe());
        } catch (ConfigException e) {
            return ConnectionCheck.Result.failed(e.getMessage());
        } catch (HighLevelException e) {
            return ConnectionCheck.Result.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ConnectionCheck.Result.failed("HighLevel: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private interface Call {
        void run();
    }

    /** True when the call passes, false on a scope error; anything else propagates. */
    private static boolean probe(Call call) {
        try {
            call.run();
            return true;
        } catch (ScopeMissing e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String operationId, Map<String, Object> headers, Object body) {
        Exchange answer = client.template().send("direct:contacts." + operationId, ex -> {
            ex.setProperty(HighLevelClient.PROBE, true);
            ex.getIn().getHeaders().putAll(new LinkedHashMap<>(headers));
            ex.getIn().setBody(body);
        });
        if (answer.getException() instanceof RuntimeException e) {
            throw e;
        }
        if (answer.getException() != null) {
            throw new IllegalStateException(answer.getException());
        }
        return answer.getMessage().getBody(Map.class);
    }
}
