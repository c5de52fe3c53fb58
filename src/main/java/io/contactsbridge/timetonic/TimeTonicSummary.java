package io.contactsbridge.timetonic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.sync.SyncLinks;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The summary the 15-minute cycle writes to each row of the contacts table that stands for a
 * HighLevel contact (bound as {@value #BEAN}, run by the flow contact-tasks-to-timetonic-summary):
 * total tasks, open tasks and last sync, written only when a count changed (a cycle with nothing
 * changed writes nothing), in batches of ten rows. When the open tasks change by more than the
 * threshold an alert is raised once for that change. A row whose contact was deleted in HighLevel,
 * or that nobody touched for the configured days, is moved to the archive status, never deleted.
 * The hub's operations are named by the flow, so this class names no other connector.
 */
public class TimeTonicSummary {
    public static final String BEAN = "timetonicSummary";
    private static final Logger LOG = LoggerFactory.getLogger(TimeTonicSummary.class);

    private final CamelContext context;
    private final TimeTonicTables tables;
    private final TimeTonicRowState state;
    private final TimeTonicFieldMap map;
    private final TimeTonicSettings settings;
    private final Clock clock;
    private volatile ProducerTemplate template;

    public TimeTonicSummary(CamelContext context, TimeTonicTables tables, TimeTonicRowState state, TimeTonicFieldMap map,
                            TimeTonicSettings settings, Clock clock) {
        this.context = context;
        this.tables = tables;
        this.state = state;
        this.map = map;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One summary pass. {@code getContact} / {@code listTasks}: the hub's operation routes
     * ({@code contacts.get-contact}, {@code contacts.get-all-tasks}); {@code threshold}: the change
     * of open tasks that raises an alert; {@code archiveAfterDays}: untouched rows are archived (0: never).
     * Answers what it did ({@code rows}, {@code written}, {@code archived}, {@code alerts}).
     */
    public Map<String, Object> run(String getContact, String listTasks, int threshold, int archiveAfterDays) {
        String table = settings.contactsTable();
        Instant now = clock.instant();
        Map<String, Map<String, Object>> writes = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<String> archive = new ArrayList<>();
        int alerts = 0;
        List<TimeTonicRowState.Row> rows = state.linkedRows(table);
        for (TimeTonicRowState.Row row : rows) {
            if (row.archived()) {
                continue;
            }
            Map<String, Object> contact;
            try {
                contact = unwrap(call(getContact, row.contactId()), "contact");
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                archive.add(row.rowId()); // deleted in HighLevel
                writes.put(row.rowId(), archivedValues(now));
                continue;
            }
            List<Map<String, Object>> tasks = TimeTonicMappings.items(call(listTasks, row.contactId()), "tasks");
            int total = tasks.size();
            int open = (int) tasks.stream().filter(t -> !Boolean.TRUE.equals(t.get("completed"))).count();
            boolean changed = row.totalTasks() == null || row.totalTasks() != total || row.openTasks() == null
                    || row.openTasks() != open;
            if (changed) {
                Map<String, Object> values = new LinkedHashMap<>();
                put(values, "totalTasks", total);
                put(values, "openTasks", open);
                put(values, "lastSync", now.toString());
                writes.put(row.rowId(), values);
                counts.put(row.rowId(), new int[] {total, open});
                if (alert(row, open, threshold)) {
                    alerts++;
                }
            } else if (archiveAfterDays > 0 && untouched(row, contact, now, archiveAfterDays)) {
                archive.add(row.rowId());
                writes.put(row.rowId(), archivedValues(now));
            }
        }
        if (!writes.isEmpty()) {
            tables.saveRows(table, writes);
            if (!settings.http().dryRun()) {
                counts.forEach((rowId, c) -> state.summaryWritten(table, rowId, c[0], c[1], now));
                archive.forEach(rowId -> state.archived(table, rowId));
                forgetLinks(rows, archive);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows.size());
        result.put("written", writes.size());
        result.put("archived", archive.size());
        result.put("alerts", alerts);
        if (!writes.isEmpty()) {
            LOG.info("TimeTonic summary: {}", result);
        }
        return result;
    }

    /** Alerts once per change of more than {@code threshold} open tasks (the previous change's incident is closed first). */
    private boolean alert(TimeTonicRowState.Row row, int open, int threshold) {
        if (row.openTasks() == null) {
            return false; // the first summary of a row is no change
        }
        int delta = open - row.openTasks();
        Alerts alerts = Alerts.of(context);
        String key = "timetonic.open-tasks." + row.rowId();
        if (Math.abs(delta) <= threshold) {
            alerts.resolve(key, "open tasks of contact " + row.contactId() + " changed by " + delta + " only");
            return false;
        }
        alerts.resolve(key, "superseded by a newer change");
        return alerts.raise(key, TimeTonicConnector.ID, "open tasks of contact " + row.contactId() + " (TimeTonic row "
                + row.rowId() + ") changed from " + row.openTasks() + " to " + open + " (threshold " + threshold + ")");
    }

    /**
     * The link of an archived row's contact is forgotten, so the contact's next change writes the whole
     * row again (status Active) even when its other values are what they were.
     */
    private void forgetLinks(List<TimeTonicRowState.Row> rows, List<String> archived) {
        SyncLinks links = context.getRegistry().lookupByNameAndType("syncLinks", SyncLinks.class);
        if (links == null) {
            return;
        }
        for (TimeTonicRowState.Row row : rows) {
            if (archived.contains(row.rowId())) {
                links.forget(links.hub(), "contact", row.contactId(), TimeTonicConnector.ID, TimeTonicEntities.ROW.wire());
            }
        }
    }

    private boolean untouched(TimeTonicRowState.Row row, Map<String, Object> contact, Instant now, int days) {
        Instant limit = now.minus(Duration.ofDays(days));
        Instant updated = TimeTonicPoller.instant(contact.get("dateUpdated"));
        Instant touched = row.touchedAt();
        Instant latest = updated == null ? touched : touched == null || updated.isAfter(touched) ? updated : touched;
        return latest != null && latest.isBefore(limit);
    }

    private Map<String, Object> archivedValues(Instant now) {
        Map<String, Object> values = new LinkedHashMap<>();
        put(values, "status", map.archivedStatus());
        put(values, "lastSync", now.toString());
        return values;
    }

    private void put(Map<String, Object> values, String contactField, Object value) {
        String field = map.contactField(contactField);
        if (field != null) {
            values.put(field, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unwrap(Object answer, String key) {
        Object inner = answer instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> c ? c : answer;
        return inner instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private Object call(String operation, String contactId) {
        Exchange answer = template().send("direct:" + operation, ex -> ex.getIn().setHeader("contactId", contactId));
        if (answer.getException() != null) {
            throw Operations.unwrap(answer.getException());
        }
        return answer.getMessage().getBody();
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
