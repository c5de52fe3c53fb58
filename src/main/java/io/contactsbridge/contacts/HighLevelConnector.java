package io.contactsbridge.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.Trigger;
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
        if (!settings.isSet(HighLevelConfig.TOKEN)) {
            // no private integration token: then OAuth must be configured
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
        return !settings.isSet(HighLevelConfig.TOKEN);
    }

    @Override
    public List<ApiOperation> operations() {
        List<ApiOperation> all = new ArrayList<>(ContactsOperations.all());
        all.add(SaveContact.OPERATION);
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
        return triggers;
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(ContactsApi.routes(HighLevelConfig.from(settings)));
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(SaveContact.route());
    }

    @Override
    public Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        HighLevelWebhookPolicy policy = HighLevelWebhookPolicy.fromSettings(settings);
        if (!policy.signatures().hasAnyKey()) {
            LOG.warn("no HighLevel webhook key configured ({} / {}): every HighLevel webhook will be refused",
                    Settings.describe(HighLevelWebhookPolicy.ED25519_KEY), Settings.describe(HighLevelWebhookPolicy.RSA_KEY));
        }
        return Optional.of(policy);
    }

    @Override
    public Optional<ChangeTranslator> translator() {
        return Optional.of(new HighLevelChangeTranslator());
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        if (!settings.getBoolean(POLL_CONTACTS, true)) {
            return List.of();
        }
        return List.of(new HighLevelContactPoller(ContactsApi.client(context).operations()));
    }

    @Override
    public List<RecordOperations> recordOperations() {
        return HighLevelRecords.all();
    }

    @Override
    public CheckResult check(CamelContext context) {
        return new HighLevelConnection(ContactsApi.client(context)).check();
    }

    @Override
    public void verifyAtStart(CamelContext context) {
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
    public Map<String, Object> status(CamelContext context) {
        var profile = ContactsApi.client(context).profile();
        return Map.of("auth", profile.tokens().mode(), "quota", profile.quota().status());
    }

}
