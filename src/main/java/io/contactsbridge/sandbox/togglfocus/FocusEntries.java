package io.contactsbridge.sandbox.togglfocus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * Time entries of the sandbox workspace, planned ones included ({@code planned_start},
 * {@code planned_duration}, no {@code start}): list by time range (wrapped list), create, change, delete.
 */
final class FocusEntries {
    private static final Set<String> FIELDS = Set.of("description", "project_id", "task_id", "planned_start",
            "planned_duration", "start", "stop", "duration", "calendar_event_id", "tags", "billable");

    private final Map<Long, Map<String, Object>> entries = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(50_000);
    private final Supplier<Instant> clock;

    FocusEntries(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized List<Map<String, Object>> all() {
        return entries.values().stream().map(FocusCalendars::copy).toList();
    }

    synchronized void clear() {
        entries.clear();
    }

    /** {@code rest} is the path after {@code .../time-entries}. */
    synchronized SimResponse route(SimRequest request, String rest) {
        String method = request.method();
        if (rest.isEmpty() && method.equals("GET")) {
            Instant from = time("date_from", request.queryParam("date_from").orElse(null), true);
            Instant to = time("date_to", request.queryParam("date_to").orElse(null), true);
            List<Map<String, Object>> data = new ArrayList<>();
            for (Map<String, Object> e : entries.values()) {
                Instant at = time("start", (String) (e.get("start") != null ? e.get("start") : e.get("planned_start")), false);
                if (at != null && !at.isBefore(from) && at.isBefore(to)) {
                    data.add(FocusCalendars.copy(e));
                }
            }
            return SimResponse.json(200, Map.of("page", 1, "per_page", 100, "data", data));
        }
        if (rest.isEmpty() && method.equals("POST")) {
            Map<String, Object> body = check(FocusJson.object(request));
            if (body.get("start") == null && body.get("planned_start") == null) {
                throw FocusError.validation("Key: 'TimeEntry.PlannedStart' Error:Field validation for 'PlannedStart' failed on the 'required_without' tag");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            long id = ids.incrementAndGet();
            e.put("id", id);
            e.put("workspace_id", TogglFocusSimulator.WORKSPACE_ID);
            body.forEach(e::put);
            e.put("created_at", clock.get().toString());
            e.put("updated_at", clock.get().toString());
            entries.put(id, e);
            return SimResponse.json(200, FocusCalendars.copy(e));
        }
        long id = id(rest.substring(1));
        Map<String, Object> e = entries.get(id);
        if (e == null) {
            throw FocusError.notFound("time entry " + id);
        }
        if (method.equals("PATCH")) {
            check(FocusJson.object(request)).forEach(e::put);
            e.put("updated_at", clock.get().toString());
            return SimResponse.json(200, FocusCalendars.copy(e));
        }
        if (method.equals("DELETE")) {
            entries.remove(id);
            return SimResponse.empty(204);
        }
        throw FocusError.notFound("route " + method + " time-entries" + rest);
    }

    private static Map<String, Object> check(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : body.entrySet()) {
            if (!FIELDS.contains(f.getKey())) {
                throw FocusError.validation("unknown field " + f.getKey());
            }
            switch (f.getKey()) {
                case "planned_start", "start", "stop" -> time(f.getKey(), f.getValue() == null ? null : f.getValue().toString(), false);
                case "planned_duration", "duration", "project_id", "task_id" -> {
                    if (f.getValue() != null && !(f.getValue() instanceof Number n && n.longValue() >= 0)) {
                        throw FocusError.validation("Key: 'TimeEntry." + f.getKey() + "' Error:Field validation for '"
                                + f.getKey() + "' failed on the 'min' tag");
                    }
                }
                default -> {
                }
            }
            out.put(f.getKey(), f.getValue());
        }
        return out;
    }

    private static Instant time(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw FocusError.validation("Key: '" + field + "' Error:Field validation for '" + field + "' failed on the 'required' tag");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw FocusError.validation(field + " must be an RFC 3339 time, not '" + value + "'");
        }
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw FocusError.notFound("time entry " + s);
        }
    }
}
