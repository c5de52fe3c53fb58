package io.contactsbridge.toggl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.connector.http.ApiRequest;
import io.contactsbridge.connector.http.Paging;

/**
 * Paging of the Reports API v3 detailed search: while an answer carries {@code X-Next-ID} and
 * {@code X-Next-Row-Number}, the same search is sent again with them as {@code first_id} and
 * {@code first_row_number} in the body. The pages are JSON arrays of report rows.
 */
final class TogglReportPages implements Paging {
    static final TogglReportPages INSTANCE = new TogglReportPages();
    static final String ITEMS = "items";

    private TogglReportPages() {
    }

    @Override
    public String itemsKey() {
        return ITEMS;
    }

    @Override
    public Map<String, String> first(Map<String, String> query) {
        return query;
    }

    @Override
    public Map<String, String> next(Map<String, String> query, Object page, List<Object> items) {
        return null; // the cursor is in the answer's headers
    }

    @Override
    public ApiRequest next(ApiRequest request, Object page, List<Object> items, Function<String, String> headers) {
        String nextId = headers.apply("X-Next-ID");
        String nextRow = headers.apply("X-Next-Row-Number");
        if (items.isEmpty() || nextRow == null || nextRow.isBlank()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>(request.body() == null ? Map.of() : request.body());
        if (String.valueOf(body.get("first_row_number")).equals(nextRow.trim())) {
            return null; // the same page again: the server is not moving on
        }
        body.put("first_row_number", Long.parseLong(nextRow.trim()));
        if (nextId != null && !nextId.isBlank()) {
            body.put("first_id", Long.parseLong(nextId.trim()));
        }
        return request.withBody(body);
    }
}
