package io.contactsbridge.togglfocus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.SourcePoller;
import org.apache.camel.CamelContext;

/**
 * The Toggl Focus side of the 15-minute cycle: checks every calendar integration
 * ({@link FocusCalendarHealth}) and hands the flow {@code focus-calendar-health-to-alerts} one
 * {@code calendar_health} change per integration whose incident state changed (failing, healed,
 * removed; every integration on a process's first check), so an incident raises one alert, not one
 * per poll. The connector's state in the status data says which integrations fail and where to
 * re-authorize them.
 */
final class FocusHealthPoller implements SourcePoller {
    static final CanonicalChange.Entity ENTITY = CanonicalChange.Entity.of("calendar_health");

    private final CamelContext context;
    private final FocusCalendarHealth health;

    FocusHealthPoller(CamelContext context, FocusCalendarHealth health) {
        this.context = context;
        this.health = health;
    }

    @Override
    public String source() {
        return TogglFocusConnector.ID;
    }

    @Override
    public Result poll(String watermark) {
        List<CalendarIntegrationHealth> changed = health.check();
        List<CanonicalChange> changes = new ArrayList<>();
        for (CalendarIntegrationHealth h : changed) {
            changes.add(new CanonicalChange(TogglFocusConnector.ID, ENTITY,
                    h.removed() ? CanonicalChange.Action.DELETED : CanonicalChange.Action.UPDATED,
                    h.integrationId(), h.toMap(), h.checkedAt(), null));
        }
        String failing = health.current().stream().filter(CalendarIntegrationHealth::failing)
                .map(CalendarIntegrationHealth::summary).collect(Collectors.joining("; "));
        ConnectorState.reportProblem(context, TogglFocusConnector.ID, failing.isEmpty() ? null : failing);
        return new Result(changes, health.checkedAt().toString());
    }
}
