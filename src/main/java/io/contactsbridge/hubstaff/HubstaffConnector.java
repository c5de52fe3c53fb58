package io.contactsbridge.hubstaff;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * Hubstaff (API v2), built from the kit: the operation routes ({@link HubstaffApiRoutes},
 * {@code direct:hubstaff.<id>}) with rotating OAuth refresh tokens and the hourly quota, the to-do
 * save with optimistic locking ({@link HubstaffTodos}), the webhook policy on the shared intake
 * ({@code /webhooks/hubstaff/<token>}) and its subscriptions, the poll with content hashes, and the
 * lookups and mapping defaults the flows use. Disabled (one log line) without HUBSTAFF_REFRESH_TOKEN
 * and HUBSTAFF_ORGANIZATION_ID.
 */
public class HubstaffConnector implements Connector {
    public static final String ID = "hubstaff";
    public static final String TITLE = "Hubstaff";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public List<String> secretKeys() {
        return HubstaffSettings.SECRETS;
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return settings.missing(HubstaffSettings.REQUIRED);
    }

    @Override
    public boolean partlyConfigured(Settings settings) {
        return settings.isSet(HubstaffSettings.REFRESH_TOKEN) || settings.isSet(HubstaffSettings.ORGANIZATION_ID);
    }

    @Override
    public boolean needsDatabase(Settings settings) {
        return true;
    }

    @Override
    public List<ApiOperation> operations() {
        List<ApiOperation> all = new ArrayList<>(HubstaffOperations.all());
        all.add(HubstaffTodos.OPERATION);
        return all;
    }

    @Override
    public List<Trigger> triggers() {
        List<Trigger> triggers = new ArrayList<>();
        triggers.add(new Trigger(ID, Trigger.WEBHOOK, "task.create", HubstaffEntities.TODO.wire(), List.of("created"),
                "Hubstaff to-do created (POST /webhooks/hubstaff/<token>; subscribe with 'subscriptions create hubstaff')"));
        for (String event : List.of("timer.start", "timer.stop", "shift.late")) {
            triggers.add(new Trigger(ID, Trigger.WEBHOOK, event, HubstaffEntities.EVENT.wire(), List.of(),
                    "Hubstaff " + event + ": stored and acknowledged; activity notes come from the poll"));
        }
        triggers.add(poll("clients", HubstaffEntities.CLIENT.wire(), "GET /organizations/{id}/clients?status=all, paged; unchanged skipped by hash"));
        triggers.add(poll("projects", HubstaffEntities.PROJECT.wire(), "GET /organizations/{id}/projects?status=all, paged"));
        triggers.add(poll("todos", HubstaffEntities.TODO.wire(), "GET /organizations/{id}/tasks?status=active|completed, paged"));
        triggers.add(poll("members", HubstaffEntities.MEMBER.wire(), "GET /organizations/{id}/members?updated_at[start]="));
        triggers.add(new Trigger(ID, Trigger.POLL, "client_days", HubstaffEntities.CLIENT_DAY.wire(), List.of("created", "updated"),
                "GET /organizations/{id}/activities/daily by date range, summed per client and day"));
        return triggers;
    }

    private static Trigger poll(String id, String entity, String description) {
        return new Trigger(ID, Trigger.POLL, id, entity, List.of("created", "updated", "completed", "deleted"), description);
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(HubstaffApiRoutes.routes(HubstaffSettings.from(settings)), new HubstaffTodos());
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(new HubstaffFlowSupport(HubstaffSettings.from(settings)));
    }

    @Override
    public Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        return Optional.of(new HubstaffWebhookPolicy());
    }

    @Override
    public Optional<ChangeTranslator> translator() {
        return Optional.of(new HubstaffChangeTranslator());
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        DataSource ds = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        HubstaffContacts contacts = context.getRegistry().lookupByNameAndType(HubstaffContacts.BEAN, HubstaffContacts.class);
        HubstaffDirectory directory = contacts == null ? new HubstaffDirectory() : contacts.directory();
        return List.of(new HubstaffPoller(HubstaffApiRoutes.client(context).operations(), new HubstaffRecordHashes(ds), directory,
                HubstaffSettings.from(settings).activityDays(), Clock.systemUTC()));
    }

    @Override
    public CheckResult check(CamelContext context) {
        return HubstaffFlowSupport.check(HubstaffApiRoutes.client(context).operations());
    }

    @Override
    public Map<String, Object> status(CamelContext context) {
        Map<String, Object> m = new LinkedHashMap<>(HubstaffTokenStatus.status(context, HubstaffApiRoutes.tokens(context),
                HubstaffSettings.from(Settings.of(context)).refreshTokenWarnDays(), Instant.now()));
        m.put("quota", HubstaffApiRoutes.client(context).profile().quota().status());
        return m;
    }

    @Override
    public boolean managesSubscriptions() {
        return true;
    }

    @Override
    public Optional<WebhookSubscriptions> subscriptions(CamelContext context) {
        return Optional.of(HubstaffFlowSupport.subscriptions(context));
    }
}
