package io.contactsbridge.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.auth.OAuthConnect;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.contacts.webhook.HighLevelChangeTranslator;
import io.contactsbridge.contacts.webhook.HighLevelEntities;
import io.contactsbridge.contacts.webhook.HighLevelEventType;
import io.contactsbridge.contacts.webhook.HighLevelEvents;
import io.contactsbridge.contacts.webhook.HighLevelWebhookPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HighLevel (LeadConnector) Contacts API v2: the hub every flow writes to, so the bridge refuses to
 * start without it. Authenticates with a private integration token or OAuth 2.0. Parts: the
 * operation routes ({@link ContactsApi}, {@code direct:contacts.<operationId>}), the composite
 * {@code direct:contacts.save-contact} ({@link SaveContact}), the webhook policy and translator
 * ({@code webhook/}), the contact poll ({@link HighLevelContactPoller}), and how the core deletes
 * or archives contacts, tasks and notes ({@link HighLevelRecords}).
 */
public class HighLevelConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(HighLevelConnector.class);
    /** Also the inbox source of its webhooks, named where those are read. */
    public static final String ID = HighLevelEvents.SOURCE;
    public static final String TITLE = "HighLevel";
    /**
     * Poll HighLevel contacts changed since the last cycle, for flows that read them when a webhook
     * was missed (HIGHLEVEL_POLL_CONTACTS).
     */
    public static final String POLL_CONTACTS = "highlevel.poll-contacts";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public boolean hub() {
        return true;
    }

    @Override
    public List<String> secretKeys() {
        return List.of(HighLevelConfig.TOKEN, HighLevelConfig.CLIENT_SECRET, HighLevelConfig.REFRESH_TOKEN);
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        List<String> missing = new ArrayList<>(settings.missing(List.of(HighLevelConfig.BASE_URL, HighLevelConfig.LOCATION_ID)));
        if (HighLevelConfig.usesOAuth(settings)) {
            // no private integration token (or OAuth chosen): then OAuth must be configured
            List<String> oauth = settings.missing(List.of(HighLevelConfig.CLIENT_ID, HighLevelConfig.CLIENT_SECRET,
                    HighLevelConfig.REFRESH_TOKEN));
            if (oauth.size() == 3) {
                missing.add(Settings.envName(HighLevelConfig.TOKEN) + " (private integration token) or "
                        + Settings.envName(HighLevelConfig.CLIENT_ID) + " + " + Settings.envName(HighLevelConfig.CLIENT_SECRET)
                        + " + " + Settings.envName(HighLevelConfig.REFRESH_TOKEN) + " (OAuth)");
            } else if (!(oauth.size() == 1 && oauth.contains(HighLevelConfig.REFRESH_TOKEN))) {
                missing.addAll(oauth);
            }
            // with client id and secret, the refresh token may be absent: after the first start the
            // rotated one is in the tokens table (without a stored one, the start says so)
        }
        return missing;
    }

    @Override
    public boolean needsDatabase(Settings settings) {
        return HighLevelConfig.usesOAuth(settings);
    }

    @Override
    public List<ApiOperation> operations() {
        List<ApiOperation> all = new ArrayList<>(ContactsOperations.all());
        all.add(SaveContact.OPERATION);
        all.add(BulkChanges.BULK_TAGS);
        all.add(BulkChanges.RENAME_TAG);
        all.add(BulkChanges.BULK_BUSINESS);
        return all;
    }

    @Override
    public List<Trigger> triggers() {
        List<Trigger> triggers = new ArrayList<>();
        for (HighLevelEventType type : HighLevelEventType.values()) {
            triggers.add(new Trigger(ID, Trigger.WEBHOOK, type.wire(), type.entity().wire(), List.of(type.action().wire()),
                    "HighLevel " + type.wire() + " webhook (POST /webhooks/highlevel)"));
        }
        triggers.add(new Trigger(ID, Trigger.POLL, "contacts", HighLevelEntities.CONTACT.wire(),
                List.of("created", "updated"), "Contacts changed since the last cycle (search-contacts-advanced by"
                        + " dateUpdated; " + Settings.envName(POLL_CONTACTS) + ")"));
        triggers.add(new Trigger(ID, Trigger.POLL, "appointments", HighLevelEntities.APPOINTMENT.wire(),
                List.of("created", "updated"), "Appointments of contacts linked to the kinds in "
                        + Settings.envName(HighLevelAppointmentPoller.FOR) + " (get-appointments-for-contact, one call per contact)"));
        return triggers;
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(ContactsApi.routes(HighLevelConfig.from(settings)));
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(SaveContact.route(),
                BulkChanges.routes(settings.getInt(BulkChanges.BATCH_SIZE_SETTING, BulkChanges.DEFAULT_BATCH, 1, 1000)));
    }

    @Override
    public Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        if (!HighLevelWebhookPolicy.enabled(settings)) {
            LOG.info("HighLevel webhook receiver disabled ({}=false): changes in HighLevel arrive by the poll only",
                    Settings.envName(HighLevelWebhookPolicy.ENABLED));
            return Optional.empty();
        }
        HighLevelWebhookPolicy policy = HighLevelWebhookPolicy.fromSettings(settings,
                settings.get(HighLevelConfig.LOCATION_ID).orElse(null));
        if (!policy.signatures().canVerifyCurrentDeliveries()) {
            // since 2026-07-01 HighLevel signs only with X-GHL-Signature: without the key every delivery is a 401
            throw new ConfigException("the HighLevel webhook receiver is enabled but no key can verify X-GHL-Signature"
                    + " (Ed25519, the only signature HighLevel sends since 2026-07-01): set "
                    + Settings.describe(HighLevelWebhookPolicy.ED25519_KEY) + " (default: HighLevel's published key,"
                    + " classpath:highlevel/webhook-signing-key-ed25519.pem), or "
                    + Settings.envName(HighLevelWebhookPolicy.ENABLED) + "=false to rely on the poll");
        }
        return Optional.of(policy);
    }

    @Override
    public Optional<ChangeTranslator> translator() {
        return Optional.of(new HighLevelChangeTranslator());
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        List<SourcePoller> pollers = new ArrayList<>();
        if (settings.getBoolean(POLL_CONTACTS, true)) {
            pollers.add(new HighLevelContactPoller(ContactsApi.client(context).operations()));
        }
        String appointmentsFor = settings.get(HighLevelAppointmentPoller.FOR, "");
        if (!appointmentsFor.isBlank()) {
            pollers.add(new HighLevelAppointmentPoller(context, ContactsApi.client(context).operations(), appointmentsFor));
        }
        return pollers;
    }

    @Override
    public List<RecordOperations> recordOperations() {
        return HighLevelRecords.all();
    }

    @Override
    public CheckResult check(CamelContext context) {
        return new HighLevelConnection(ContactsApi.client(context)).check();
    }

    /**
     * With OAuth and nothing to start from yet (no stored pair, no configured refresh token) the
     * bridge starts unconnected, so that it can receive the consent's callback: it says how to
     * connect, and the status shows it.
     */
    @Override
    public void verifyAtStart(CamelContext context) {
        var tokens = ContactsApi.rotatingTokens(context);
        if (tokens.isPresent() && !tokens.get().hasStoredToken()
                && !Settings.of(context).isSet(HighLevelConfig.REFRESH_TOKEN)) {
            String problem = "not connected: run 'contacts-bridge connect highlevel' and approve the consent"
                    + " (or set " + Settings.envName(HighLevelConfig.REFRESH_TOKEN) + ")";
            LOG.warn("HighLevel {}", problem);
            ConnectorState.reportProblem(context, ID, problem);
            return;
        }
        new HighLevelConnection(ContactsApi.client(context)).verifyAtStart();
    }

    /** The contact's page in the HighLevel app (the location's sub-account). */
    @Override
    public Optional<String> recordLink(Settings settings, String entity, String id) {
        String location = settings.get(HighLevelConfig.LOCATION_ID, "");
        if (!"contact".equals(entity) || id == null || id.isBlank() || location.isBlank()) {
            return Optional.empty();
        }
        return Optional.of("https://app.gohighlevel.com/v2/location/" + location + "/contacts/detail/" + id);
    }

    @Override
    public Optional<OAuthConnect> oauthConnect(Settings settings) {
        return HighLevelConfig.usesOAuth(settings) && settings.isSet(HighLevelConfig.CLIENT_ID)
                ? Optional.of(new HighLevelOAuth(settings)) : Optional.empty();
    }

    @Override
    public Map<String, Object> status(CamelContext context) {
        var profile = ContactsApi.client(context).profile();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("auth", profile.tokens().mode());
        status.put("quota", profile.quota().status());
        status.put("connection", connection(context));
        return status;
    }

    /** Which location the stored OAuth pair is for, its scopes and expiry; or that it is missing. */
    private static Map<String, Object> connection(CamelContext context) {
        Map<String, Object> c = new LinkedHashMap<>();
        var tokens = ContactsApi.rotatingTokens(context);
        String location = ContactsApi.client(context).profile().defaults().get(ContactsOperations.LOCATION);
        c.put("locationId", location);
        if (tokens.isEmpty()) {
            c.put("connected", true);
            c.put("via", "private integration token");
            return c;
        }
        var stored = tokens.get().stored();
        c.put("connected", stored.isPresent());
        c.put("via", "OAuth");
        stored.ifPresent(t -> {
            c.put("scopes", t.scopes());
            c.put("accessTokenExpiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        });
        if (stored.isEmpty()) {
            c.put("howToConnect", "contacts-bridge connect highlevel");
        }
        return c;
    }

}
