package io.contactsbridge.togglfocus;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.http.Operations;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * What the running bridge adds for the Toggl Focus flows: the calendar health ({@value FocusCalendarHealth#BEAN},
 * shared by the poll, the status data and the appointment flow), the appointment flow's bean
 * ({@value FocusAppointments#BEAN}) and the health flow's alerts ({@value FocusAlerts#BEAN}).
 */
final class FocusFlowSupport extends RouteBuilder {
    /** Route ids of the flows that write planned entries: while one runs, an integration needs write scope. */
    static final String WRITE_FLOWS = FocusSettings.PREFIX + ".write-scope-flows";
    static final String DEFAULT_WRITE_FLOWS = "contact-appointment-to-focus-entry";

    @Override
    public void configure() {
        CamelContext context = getContext();
        FocusCalendarHealth health = health(context);
        context.getRegistry().bind(FocusAppointments.BEAN, new FocusAppointments(context, health,
                FocusApiRoutes.client(context).operations()));
        context.getRegistry().bind(FocusAlerts.BEAN, new FocusAlerts(context));
    }

    /** The one calendar health of this context (made on first use). */
    static FocusCalendarHealth health(CamelContext context) {
        synchronized (context) {
            FocusCalendarHealth health = context.getRegistry().lookupByNameAndType(FocusCalendarHealth.BEAN, FocusCalendarHealth.class);
            if (health == null) {
                Settings settings = Settings.of(context);
                List<String> writers = Arrays.stream(settings.get(WRITE_FLOWS, DEFAULT_WRITE_FLOWS).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                health = new FocusCalendarHealth(FocusApiRoutes.client(context).operations(),
                        settings.isSet(FocusSettings.ORGANIZATION_ID),
                        () -> writers.stream().anyMatch(id -> context.getRoute(id) != null), Clock.systemUTC(),
                        new FocusHealthStore(context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class)));
                context.getRegistry().bind(FocusCalendarHealth.BEAN, health);
            }
            return health;
        }
    }

    /** The connection check: the credentials list the calendar integrations of the workspace (one call). */
    static CheckResult check(Operations operations, boolean organizationScoped) {
        String op = (organizationScoped ? "" : FocusOperations.WORKSPACE_FORM) + "list-calendar-integrations";
        try {
            Object items = operations.probe(op, Map.of(), null) instanceof Map<?, ?> m ? m.get("items") : null;
            int n = items instanceof List<?> l ? l.size() : 0;
            return CheckResult.ok("OK: " + n + " calendar integration" + (n == 1 ? "" : "s") + " readable with the credentials");
        } catch (ApiException e) {
            return CheckResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.failed("Toggl Focus: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
