package io.contactsbridge.togglfocus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.http.ApiOperation;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * Toggl Focus, built from the kit: the calendar-integration and planned-entry operation routes
 * ({@link FocusApiRoutes}, {@code direct:toggl-focus.<id>}), the calendar health check in the poll
 * cycle ({@link FocusHealthPoller}) with what it shows in the status data, the beans the flows
 * {@code focus-calendar-health-to-alerts} and {@code contact-appointment-to-focus-entry} call, and how the
 * core deletes a planned entry. No webhooks: Toggl Focus has none for calendars. Disabled (one log
 * line) without TOGGL_FOCUS_WORKSPACE_ID and a credential.
 */
public class TogglFocusConnector implements Connector {
    public static final String ID = "toggl-focus";
    public static final String TITLE = "Toggl Focus";

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
        return FocusSettings.SECRETS;
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return FocusSettings.missing(settings);
    }

    @Override
    public boolean partlyConfigured(Settings settings) {
        return FocusSettings.anyGiven(settings);
    }

    @Override
    public List<ApiOperation> operations() {
        return FocusOperations.all();
    }

    @Override
    public List<Trigger> triggers() {
        return List.of(new Trigger(ID, Trigger.POLL, "calendar-health", FocusHealthPoller.ENTITY.wire(),
                List.of("updated", "deleted"), "Every calendar integration checked once per cycle (one call); a change"
                        + " of its health (failing, healed, removed) is one change"));
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(FocusApiRoutes.routes(FocusSettings.from(settings)));
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(new FocusFlowSupport());
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        return List.of(new FocusHealthPoller(context, FocusFlowSupport.health(context)));
    }

    @Override
    public List<RecordOperations> recordOperations() {
        return List.of(new FocusRecords());
    }

    @Override
    public CheckResult check(CamelContext context) {
        return FocusFlowSupport.check(FocusApiRoutes.client(context).operations(),
                Settings.of(context).isSet(FocusSettings.ORGANIZATION_ID));
    }

    @Override
    public Map<String, Object> status(CamelContext context) {
        Map<String, Object> status = new LinkedHashMap<>(FocusApiRoutes.client(context).profile().quota().status());
        status.putAll(FocusFlowSupport.health(context).status());
        return status;
    }
}
