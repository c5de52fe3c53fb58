package io.contactsbridge.toggl;


import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.ChangeTranslator;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.WebhookSubscriptions;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * Toggl Track, built from the kit: the API v9 and Webhooks API v1 operation routes
 * ({@link TogglApiRoutes}, {@code direct:toggl.<id>}), the webhook policy ({@link TogglWebhookPolicy})
 * and translator, the quota-aware poller, the webhook subscription, and the lookups and mapping
 * defaults the flows use ({@link TogglFlowSupport}). Disabled (one log line) without
 * TOGGL_API_TOKEN, TOGGL_WORKSPACE_ID and TOGGL_WEBHOOK_SECRET.
 */
public class TogglConnector implements Connector {
    public static final String ID = "toggl";
    public static final String TITLE = "Toggl Track";

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
        return TogglSettings.SECRETS;
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return settings.missing(TogglSettings.REQUIRED);
    }

    @Override
    public boolean partlyConfigured(Settings settings) {
        return TogglSettings.REQUIRED.stream().filter(k -> !k.equals(TogglSettings.BASE_URL)).anyMatch(settings::isSet);
    }

    @Override
    public List<ApiOperation> operations() {
        return TogglOperations.all();
    }

    @Override
    public List<Trigger> triggers() {
        List<Trigger> triggers = new ArrayList<>();
        for (String model : List.of("client", "project", "task", "time_entry", "workspace", "workspace_user")) {
            triggers.add(new Trigger(ID, Trigger.WEBHOOK, model, model, List.of("created", "updated", "deleted"),
                    "Toggl webhook event of model " + model + " (POST /webhooks/toggl; subscribe with 'subscriptions create')"));
        }
        for (TogglPoller.Kind kind : TogglPoller.Kind.values()) {
            String how = switch (kind) {
                case TIME_ENTRIES -> "every user's entries of the workspace: Reports API detailed search, paged to the end "
                        + "(toggl.time-entries=owner: GET /me/time_entries)";
                case WORKSPACES -> "GET /me/workspaces?since= (once an hour)";
                case WORKSPACE_USERS -> "GET /workspaces/{wid}/workspace_users (only while an invited person has not joined)";
                default -> "GET /me/" + kind.key + "?since= (one call per cycle), rows of the configured workspace";
            };
            triggers.add(new Trigger(ID, Trigger.POLL, kind.key, kind.entity.wire(), List.of("created", "updated", "deleted"), how));
        }
        return triggers;
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(TogglApiRoutes.routes(TogglSettings.from(settings)));
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(new TogglFlowSupport(TogglSettings.from(settings)));
    }

    @Override
    public Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        int days = settings.getInt(BridgeSettings.INBOX_RETENTION_DAYS, TogglWebhookPolicy.DEFAULT_REPLAY_WINDOW_DAYS, 1, 3650);
        TogglSettings toggl = TogglSettings.from(settings);
        return Optional.of(new TogglWebhookPolicy(toggl.webhookSecret(), Duration.ofDays(days), toggl.workspaceId()));
    }

    @Override
    public Optional<ChangeTranslator> translator() {
        return Optional.of(new TogglChangeTranslator());
    }

    /** The running bridge's translator: events of another workspace than the configured one give no change. */
    @Override
    public Optional<ChangeTranslator> translator(Settings settings) {
        return Optional.of(new TogglChangeTranslator(TogglSettings.from(settings).workspaceId()));
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        return List.of(new TogglPoller(TogglApiRoutes.client(context).operations(), TogglSettings.from(settings),
                StateTable.of(context, ID), Clock.systemUTC()));
    }

    @Override
    public CheckResult check(CamelContext context) {
        return TogglFlowSupport.check(TogglApiRoutes.client(context).operations());
    }

    @Override
    public Map<String, Object> status(CamelContext context) {
        return TogglApiRoutes.client(context).profile().quota().status();
    }

    @Override
    public boolean managesSubscriptions() {
        return true;
    }

    @Override
    public Optional<WebhookSubscriptions> subscriptions(CamelContext context) {
        return Optional.of(new TogglSubscriptions(TogglApiRoutes.client(context).operations(),
                TogglSettings.from(Settings.of(context))));
    }
}
