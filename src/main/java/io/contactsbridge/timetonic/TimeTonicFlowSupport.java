package io.contactsbridge.timetonic;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.connector.mapping.ContactNames;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * What the running bridge adds for the TimeTonic flows: the beans they call ({@value TimeTonicMappings#BEAN},
 * {@value TimeTonicRowState#BEAN}, {@value TimeTonicSummary#BEAN}), the composite operation
 * {@code direct:timetonic.save-row} (a row by field names: header {@code table} = {@code leads},
 * {@code contacts} or a table id, optional {@code rowId}; answers {@code {id}}), and, with
 * {@code timetonic.poll-on-start}, one poll of TimeTonic soon after start (it has no webhooks), or
 * one every {@code timetonic.poll-interval-seconds}.
 */
final class TimeTonicFlowSupport extends RouteBuilder {
    static final String SAVE_ROW = "direct:timetonic.save-row";
    /** The first poll waits for the rest of the start (the sandbox seeds its demo data once Camel runs). */
    static final long START_DELAY_MILLIS = 2000;
    private final TimeTonicSettings settings;

    TimeTonicFlowSupport(TimeTonicSettings settings) {
        this.settings = settings;
    }

    static TimeTonicTables tables(org.apache.camel.CamelContext context) {
        return new TimeTonicTables(TimeTonicApiRoutes.client(context).operations(),
                Settings.of(context).getInt("timetonic.page-size", 100, 1, 1000));
    }

    @Override
    public void configure() {
        TimeTonicFieldMap map = TimeTonicFieldMap.load(settings.fieldMapFile());
        TimeTonicTables tables = tables(getContext());
        TimeTonicRowState state = new TimeTonicRowState(
                getContext().getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class),
                settings.contactsTable(), settings.http().dryRun());
        getContext().getRegistry().bind(TimeTonicMappings.BEAN,
                new TimeTonicMappings(map, ContactNames.of(Settings.of(getContext())), Clock.systemUTC()));
        getContext().getRegistry().bind(TimeTonicRowState.BEAN, state);
        getContext().getRegistry().bind(TimeTonicSummary.BEAN,
                new TimeTonicSummary(getContext(), tables, state, map, settings, Clock.systemUTC()));

        from(SAVE_ROW).routeId("timetonic.save-row")
                .description("Save a row by field names (header table: leads, contacts or an id; rowId to update)")
                .process(exchange -> saveRow(exchange, tables));

        // TimeTonic sends no webhooks: besides the 15-minute cycle, a poll soon after start and,
        // with poll-interval-seconds, one at that interval (the summary still runs once per cycle)
        if (settings.pollOnStart() || settings.pollIntervalSeconds() > 0) {
            String timer = settings.pollIntervalSeconds() > 0
                    ? "timer:timetonic.poll?delay=" + START_DELAY_MILLIS + "&period=" + settings.pollIntervalSeconds() * 1000L
                    : "timer:timetonic.poll?repeatCount=1&delay=" + START_DELAY_MILLIS;
            from(timer).routeId("timetonic.poll")
                    .setHeader("syncSource", constant(TimeTonicConnector.ID))
                    .setHeader("syncTrigger", constant("timetonic timer"))
                    .to("direct:sync.poll-source");
        }
    }

    @SuppressWarnings("unchecked")
    private void saveRow(Exchange exchange, TimeTonicTables tables) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException(SAVE_ROW + " needs the row's values by field name as a Map body");
        }
        String table = tableId(exchange.getMessage().getHeader("table", String.class));
        String rowId = exchange.getMessage().getHeader("rowId", String.class);
        Object answer = tables.saveRow(table, rowId, (Map<String, Object>) values);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean dryRun = answer instanceof Map<?, ?> a && Boolean.TRUE.equals(a.get("dryRun"));
        String id = dryRun ? rowId : TimeTonicTables.rowIdOf(answer);
        out.put("id", id);
        out.put("tableId", table);
        if (dryRun) {
            out.put("dryRun", true);
            exchange.getMessage().setHeader(ApiClient.DRY_RUN_HEADER, true);
        }
        exchange.getMessage().setBody(out);
    }

    String tableId(String table) {
        if (table == null || table.isBlank() || table.equals("contacts")) {
            return settings.contactsTable();
        }
        return table.equals("leads") ? settings.leadsTable() : table;
    }

    /** The connection check: a session can be had and the configured book's tables are readable. */
    static CheckResult check(Operations operations, TimeTonicSettings settings) {
        try {
            Object answer = operations.probe("getBookTables", Map.of("includeFields", "false"), null);
            Object tables = answer instanceof Map<?, ?> m && m.get("bookTables") instanceof Map<?, ?> b ? b.get("categories") : null;
            int count = tables instanceof Collection<?> c ? c.size() : 0;
            return CheckResult.ok("OK: book " + settings.bookCode() + " reachable with a session (" + count + " tables)");
        } catch (ApiException e) {
            return CheckResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.failed("TimeTonic: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
