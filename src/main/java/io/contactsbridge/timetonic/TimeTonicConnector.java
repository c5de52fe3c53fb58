package io.contactsbridge.timetonic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.http.ApiOperation;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * TimeTonic smart tables, built from the kit: the form-encoded {@code api.php} operations
 * ({@link TimeTonicApiRoutes}, {@code direct:timetonic.<req>}) with the session chain kept in the
 * state store, the poll of the leads table (TimeTonic has no webhooks), and what the flows use
 * ({@link TimeTonicFlowSupport}: the field map, row state, summary, save-row). Disabled (one log
 * line) without TIMETONIC_O_U, the book, the two table ids and a credential.
 */
public class TimeTonicConnector implements Connector {
    public static final String ID = "timetonic";
    public static final String TITLE = "TimeTonic";

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
        return TimeTonicSettings.SECRETS;
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return TimeTonicSettings.missing(settings);
    }

    @Override
    public boolean partlyConfigured(Settings settings) {
        return TimeTonicSettings.REQUIRED.stream().filter(k -> !k.equals(TimeTonicSettings.BASE_URL)).anyMatch(settings::isSet)
                || settings.isSet(TimeTonicSettings.LOGIN) || settings.isSet(TimeTonicSettings.OAUTHKEY);
    }

    @Override
    public boolean needsDatabase(Settings settings) {
        return true;
    }

    @Override
    public List<ApiOperation> operations() {
        return TimeTonicOperations.all();
    }

    @Override
    public List<Trigger> triggers() {
        List<Trigger> triggers = new ArrayList<>();
        triggers.add(new Trigger(ID, Trigger.POLL, "leads", TimeTonicEntities.LEAD.wire(), List.of("created", "updated", "deleted"),
                "getTableValues of the leads table, page by page; unchanged rows skipped by modified-at or row hash"));
        triggers.add(new Trigger(ID, Trigger.POLL, "cycle", TimeTonicEntities.CYCLE.wire(), List.of("updated"),
                "every poll cycle: the summary of the contacts table's rows"));
        return triggers;
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return TimeTonicApiRoutes.routes(TimeTonicSettings.from(settings));
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return List.of(new TimeTonicFlowSupport(TimeTonicSettings.from(settings)));
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        TimeTonicSettings s = TimeTonicSettings.from(settings);
        DataSource dataSource = context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        return List.of(new TimeTonicPoller(TimeTonicFlowSupport.tables(context), new TimeTonicRowState(dataSource, s.contactsTable()), s,
                TimeTonicFieldMap.load(s.fieldMapFile()), Clock.systemUTC()));
    }

    @Override
    public CheckResult check(CamelContext context) {
        return TimeTonicFlowSupport.check(TimeTonicApiRoutes.client(context).operations(),
                TimeTonicSettings.from(Settings.of(context)));
    }
}
