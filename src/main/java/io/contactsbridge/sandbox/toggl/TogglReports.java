package io.contactsbridge.sandbox.toggl;

import static io.contactsbridge.sandbox.toggl.TogglError.ok;
import static io.contactsbridge.sandbox.toggl.TogglParams.body;
import static io.contactsbridge.sandbox.toggl.TogglParams.instant;
import static io.contactsbridge.sandbox.toggl.TogglParams.num;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * Reports API v3 detailed search under {@code <root>/reports/api/v3}: {@code POST
 * /workspace/{wid}/search/time_entries} answers every user's live time entries of the workspace whose
 * start date (UTC) is within {@code start_date}..{@code end_date} (inclusive), ungrouped, one row per
 * entry in start order, {@code page_size} rows (default and most 50). When more follow, the answer
 * carries {@code X-Next-ID} and {@code X-Next-Row-Number}, sent back as {@code first_id} and
 * {@code first_row_number}. Filters {@code project_ids} and {@code user_ids}. Deleted entries are absent.
 */
final class TogglReports {
    static final int MAX_PAGE = 50;
    private static final Pattern SEARCH = Pattern.compile("^/workspace/(\\d+)/search/time_entries$");

    private final TogglStore store;

    TogglReports(TogglStore store) {
        this.store = store;
    }

    SimResponse route(SimRequest req, String path) {
        Matcher m = SEARCH.matcher(path);
        if (!m.matches() || !req.method().equals("POST")) {
            throw new TogglError(404, "Not Found");
        }
        return store.in(Long.parseLong(m.group(1)), () -> search(body(req)));
    }

    private SimResponse search(Map<String, Object> body) {
        LocalDate from = date(body, "start_date", null);
        LocalDate to = date(body, "end_date", from.plusDays(365));
        if (to.isBefore(from)) {
            throw new TogglError(400, "end_date must not be earlier than start_date");
        }
        int size = body.get("page_size") == null ? MAX_PAGE : (int) Math.min(MAX_PAGE, Math.max(1, num(body.get("page_size"))));
        List<?> projects = body.get("project_ids") instanceof List<?> l ? l : null;
        List<?> users = body.get("user_ids") instanceof List<?> l ? l : null;
        List<Map<String, Object>> entries = new ArrayList<>(store.live("time_entry").stream()
                .filter(r -> {
                    LocalDate day = LocalDate.ofInstant(instant(r.get("start")), ZoneOffset.UTC);
                    return !day.isBefore(from) && !day.isAfter(to);
                })
                .filter(r -> projects == null || projects.stream().anyMatch(p -> num(p) == num(r.get("project_id"))))
                .filter(r -> users == null || users.stream().anyMatch(u -> num(u) == num(r.get("user_id"))))
                .toList());
        entries.sort(Comparator.comparing((Map<String, Object> r) -> instant(r.get("start"))).thenComparing(r -> num(r.get("id"))));
        int first = body.get("first_row_number") == null ? 1 : (int) Math.max(1, num(body.get("first_row_number")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = first - 1; i < entries.size() && rows.size() < size; i++) {
            rows.add(row(entries.get(i), i + 1));
        }
        SimResponse answer = ok(rows);
        int next = first + rows.size();
        if (next <= entries.size()) {
            answer = answer.withHeader("X-Next-ID", String.valueOf(entries.get(next - 1).get("id")))
                    .withHeader("X-Next-Row-Number", String.valueOf(next));
        }
        return answer;
    }

    private static LocalDate date(Map<String, Object> body, String key, LocalDate fallback) {
        Object v = body.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new TogglError(400, key + " is required");
            }
            return fallback;
        }
        try {
            return LocalDate.parse(String.valueOf(v));
        } catch (DateTimeParseException e) {
            throw new TogglError(400, key + " must be a date (YYYY-MM-DD)");
        }
    }

    /** One report row (ungrouped: one entry each), shaped like Toggl's. */
    private static Map<String, Object> row(Map<String, Object> e, int number) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", e.get("id"));
        entry.put("seconds", e.get("duration"));
        entry.put("start", e.get("start"));
        entry.put("stop", e.get("stop"));
        entry.put("at", e.get("at"));
        entry.put("at_tz", e.get("at"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user_id", e.get("user_id"));
        row.put("username", "user " + e.get("user_id"));
        row.put("project_id", e.get("project_id"));
        row.put("task_id", e.get("task_id"));
        row.put("billable", e.get("billable"));
        row.put("description", e.get("description"));
        row.put("tag_ids", e.get("tag_ids"));
        row.put("billable_amount_in_cents", null);
        row.put("hourly_rate_in_cents", null);
        row.put("currency", "USD");
        row.put("time_entries", List.of(entry));
        row.put("row_number", number);
        return row;
    }
}
