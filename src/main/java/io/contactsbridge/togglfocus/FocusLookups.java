package io.contactsbridge.togglfocus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.CreateLookup;
import io.contactsbridge.connector.http.Operations;

/**
 * Finds a planned entry a create may have made before the create is sent again (no answer, 5xx):
 * the entries around its planned start, matched by the description, which carries the
 * appointment's marker.
 */
final class FocusLookups implements CreateLookup {

    @Override
    public Object find(ApiRequest request, Instant since, Operations operations) {
        Map<String, Object> body = request.body() == null ? Map.of() : request.body();
        Object planned = body.get("planned_start");
        if (!"create-time-entry".equals(request.operation().operationId()) || planned == null || body.get("description") == null) {
            throw new CreateOutcomeUnknown(operations.call(request.operation()),
                    "the request failed in a way that may have created the entry, and it cannot be looked up; not sent again", null);
        }
        Instant start = Instant.parse(planned.toString());
        Map<String, Object> headers = new LinkedHashMap<>(request.pathValues());
        headers.put("date_from", start.minus(1, ChronoUnit.DAYS).toString());
        headers.put("date_to", start.plus(1, ChronoUnit.DAYS).toString());
        Object answer = operations.call("list-time-entries", headers, null);
        Object rows = answer instanceof Map<?, ?> m ? m.get("data") : answer;
        if (rows instanceof List<?> list) {
            for (Object row : list) {
                if (row instanceof Map<?, ?> e && Objects.equals(e.get("description"), body.get("description"))) {
                    return e;
                }
            }
        }
        return null;
    }
}
