package io.contactsbridge.contacts;

import java.util.Map;
import java.util.Set;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
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

    private final ApiClient client;
    private final Operations operations;
    private final String locationId;

    public HighLevelConnection(ApiClient client) {
        this.client = client;
        this.operations = client.operations();
        this.locationId = client.profile().defaults().get(ContactsOperations.LOCATION);
    }

    /** Granted scopes relevant to the bridge, and how we know. */
    public record Scopes(boolean read, boolean write, String source) {
        public String describe() {
            return (read ? ContactsOperations.READ_SCOPE : "no " + ContactsOperations.READ_SCOPE) + ", "
                    + (write ? ContactsOperations.WRITE_SCOPE : "no " + ContactsOperations.WRITE_SCOPE) + " (" + source + ")";
        }
    }

    /** Location reachable with the token (one get-contacts limit=1); throws the typed error otherwise. */
    public void reachLocation() {
        operations.probe("get-contacts", Map.of("limit", 1), null);
    }

    public Scopes scopes() {
        var granted = client.profile().tokens().grantedScopes();
        if (granted.isPresent()) {
            Set<String> s = granted.get();
            return new Scopes(s.contains(ContactsOperations.READ_SCOPE) || s.contains(ContactsOperations.WRITE_SCOPE),
                    s.contains(ContactsOperations.WRITE_SCOPE), "from the token");
        }
        boolean read = probe(this::reachLocation);
        boolean write = probe(() -> {
            try {
                operations.probe("update-contact", Map.of("contactId", PROBE_CONTACT_ID), Map.of());
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
            requireScopes(scopes, client.profile().http().readOnly());
            LOG.info("HighLevel connection OK: location {}, {}, {}", locationId, client.profile().tokens().mode(),
                    scopes.describe());
        } catch (ScopeMissing | Unauthorized | ReauthorizationRequired | NotFound | Invalid e) {
            throw new ConfigException("HighLevel connection unusable: " + e.getMessage());
        } catch (RateLimited | ServerError | NoAnswer e) {
            LOG.warn("HighLevel could not be checked at start ({}); starting anyway, calls will retry", e.getMessage());
        }
    }

    static void requireScopes(Scopes scopes, boolean readOnly) {
        if (!scopes.read()) {
            throw new ConfigException("HighLevel: the token lacks scope " + ContactsOperations.READ_SCOPE
                    + " (" + scopes.source() + "); grant it to the private integration / app and restart");
        }
        if (!scopes.write() && !readOnly) {
            throw new ConfigException("HighLevel: the token lacks scope " + ContactsOperations.WRITE_SCOPE
                    + " (" + scopes.source() + "), which the flows need to write contacts; grant it, or set "
                    + Settings.describe(HighLevelConfig.READ_ONLY) + "=true to run read-only");
        }
    }

    /** For {@code check}: one line. */
    public CheckResult check() {
        try {
            reachLocation();
            Scopes scopes = scopes();
            requireScopes(scopes, client.profile().http().readOnly());
            return CheckResult.ok("OK: location " + locationId + " reachable with "
                    + client.profile().tokens().mode() + "; " + scopes.describe());
        } catch (ConfigException | ApiException e) {
            return CheckResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.failed("HighLevel: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** True when the call passes, false on a scope error; anything else propagates. */
    private static boolean probe(Runnable call) {
        try {
            call.run();
            return true;
        } catch (ScopeMissing e) {
            return false;
        }
    }
}
