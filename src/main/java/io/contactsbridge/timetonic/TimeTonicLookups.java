package io.contactsbridge.timetonic;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.connector.FieldValues;
import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.CreateLookup;
import io.contactsbridge.connector.http.Operations;

/**
 * Before a new row ({@code createOrUpdateTableRow} with a {@code tmp} row id) is sent again after a
 * failure that may have applied it, the table is read for a row that already holds every value
 * sent; if there is one, that is the answer. A batch of new rows cannot be matched that safely: its
 * outcome is reported unknown instead of being sent twice.
 */
final class TimeTonicLookups implements CreateLookup {
    private final int pageSize;

    TimeTonicLookups(int pageSize) {
        this.pageSize = pageSize;
    }

    @Override
    public boolean needed(ApiRequest request) {
        Map<String, String> form = request.form();
        if (form == null) {
            return false;
        }
        return switch (request.operation().operationId()) {
            case "createOrUpdateTableRow" -> String.valueOf(form.get("rowId")).startsWith(TimeTonicTables.TMP);
            case "createOrUpdateTableRows" -> String.valueOf(form.get("rows")).contains("\"" + TimeTonicTables.TMP);
            default -> false;
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object find(ApiRequest request, Instant since, Operations operations) {
        if (!request.operation().operationId().equals("createOrUpdateTableRow")) {
            throw new CreateOutcomeUnknown(operations.call(request.operation()),
                    "a batch of new rows may have been created; not sent again", null);
        }
        Map<String, Object> sent;
        try {
            sent = TimeTonicApiRoutes.JSON.readValue(request.form().get("fieldValues"), Map.class);
        } catch (java.io.IOException e) {
            return null; // TimeTonic could not have read it either
        }
        TimeTonicTables tables = new TimeTonicTables(operations, pageSize);
        String catId = request.form().get("catId");
        TimeTonicTables.Table table = tables.read(catId);
        for (TimeTonicTables.Row row : table.rows()) {
            Map<String, Object> byId = new LinkedHashMap<>();
            row.values().forEach((name, value) -> table.field(name).ifPresent(f -> byId.put(f.id(), value)));
            if (!sent.isEmpty() && FieldValues.covers(byId, sent)) {
                return Map.of("status", "ok", "rows", List.of(row.id()));
            }
        }
        return null;
    }
}
