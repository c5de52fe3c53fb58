package io.contactsbridge.togglfocus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.http.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every Toggl Focus calendar integration, checked once per poll cycle with one call
 * (list the integrations). An integration fails when it carries an {@code error_status}, when it
 * lacks the write scope while a flow writes planned entries, or when calendars it had selected
 * disappeared (deleted, or gone from the list; the incident lasts until someone selects a calendar
 * again). A failing integration's re-authorization URL is asked for once per incident. Keeps the
 * last check (for the status data and the appointment flow's target calendar); bound as {@value #BEAN}.
 */
public final class FocusCalendarHealth {
    public static final String BEAN = "focusCalendarHealth";
    private static final Logger LOG = LoggerFactory.getLogger(FocusCalendarHealth.class);

    private final Operations operations;
    private final boolean organizationScoped;
    private final BooleanSupplier writeScopeNeeded;
    private final Clock clock;
    private final FocusHealthStore store;
    private final Map<String, CalendarIntegrationHealth> last = new LinkedHashMap<>();
    /** Per integration: the live selected calendars we expect (by id), and their names. */
    private final Map<String, Map<String, String>> expectedCalendars = new LinkedHashMap<>();
    private volatile List<Map<String, Object>> integrations = List.of();
    private volatile Instant checkedAt;
    /** False until this process checked once: its first check reports every integration (the alert channel may be new). */
    private boolean checkedHere;

    FocusCalendarHealth(Operations operations, boolean organizationScoped, BooleanSupplier writeScopeNeeded, Clock clock,
                        FocusHealthStore store) {
        this.store = store;
        this.operations = operations;
        this.organizationScoped = organizationScoped;
        this.writeScopeNeeded = writeScopeNeeded;
        this.clock = clock;
    }

    /** One check: every integration's health; those whose incident state changed (or are new to this process) first. */
    @SuppressWarnings("unchecked")
    synchronized List<CalendarIntegrationHealth> check() {
        restore(); // the last check may have run elsewhere (another replica, before a restart)
        Map<String, Object> answer = operations.callForMap(op("list-calendar-integrations"), Map.of(), null);
        List<Map<String, Object>> items = answer.get("items") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        Instant now = clock.instant();
        List<CalendarIntegrationHealth> changed = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> integration : items) {
            String id = text(integration.get("calendar_integration_id"));
            if (id == null) {
                continue;
            }
            seen.add(id);
            List<String> problems = problems(id, integration);
            CalendarIntegrationHealth before = last.get(id);
            String url = null;
            if (!problems.isEmpty()) {
                url = before != null && before.failing() && before.reauthUrl() != null ? before.reauthUrl() : reauthUrl(id);
            }
            CalendarIntegrationHealth now1 = new CalendarIntegrationHealth(id, text(integration.get("email")),
                    text(integration.get("provider")), problems, url, now, false);
            if (!checkedHere || !now1.sameStateAs(before)) {
                changed.add(now1);
            }
            last.put(id, now1);
        }
        for (String gone : new ArrayList<>(last.keySet())) {
            if (!seen.contains(gone)) {
                CalendarIntegrationHealth before = last.remove(gone);
                expectedCalendars.remove(gone);
                changed.add(new CalendarIntegrationHealth(gone, before.email(), before.provider(), List.of(), null, now, true));
            }
        }
        integrations = List.copyOf(items);
        checkedAt = now;
        checkedHere = true;
        store.save(snapshot(), now);
        return changed;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health", last.values().stream().map(CalendarIntegrationHealth::toMap).toList());
        m.put("expectedCalendars", expectedCalendars);
        m.put("integrations", integrations);
        m.put("checkedAt", checkedAt.toString());
        return m;
    }

    /** Takes the stored check over, when there is one. */
    @SuppressWarnings("unchecked")
    private void restore() {
        Map<String, Object> stored = store.load();
        if (stored.isEmpty()) {
            return;
        }
        last.clear();
        for (Object h : stored.get("health") instanceof List<?> l ? l : List.of()) {
            CalendarIntegrationHealth health = CalendarIntegrationHealth.fromMap((Map<String, Object>) h);
            last.put(health.integrationId(), health);
        }
        expectedCalendars.clear();
        if (stored.get("expectedCalendars") instanceof Map<?, ?> expected) {
            expected.forEach((id, calendars) -> expectedCalendars.put(String.valueOf(id),
                    new LinkedHashMap<>((Map<String, String>) calendars)));
        }
        integrations = stored.get("integrations") instanceof List<?> l ? List.copyOf((List<Map<String, Object>>) l) : List.of();
        checkedAt = Instant.parse(String.valueOf(stored.get("checkedAt")));
    }

    /** The integrations as last read (for the appointment flow's target calendar); empty before the first check. */
    synchronized List<Map<String, Object>> integrations() {
        if (checkedAt == null) {
            restore();
        }
        return integrations;
    }

    Instant checkedAt() {
        return checkedAt;
    }

    /** Remembers integrations read by someone else (the flow's own read when no check ran yet). */
    void remember(List<Map<String, Object>> items) {
        integrations = List.copyOf(items);
    }

    synchronized List<CalendarIntegrationHealth> current() {
        return List.copyOf(last.values());
    }

    /** The status data: every integration's state, failing ones with their re-authorization URL. */
    synchronized Map<String, Object> status() {
        restore();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calendarChecks", checkedAt == null ? "not checked yet" : checkedAt.toString());
        m.put("calendarIntegrations", last.values().stream().map(CalendarIntegrationHealth::toMap).toList());
        m.put("calendarIntegrationsFailing", last.values().stream().filter(CalendarIntegrationHealth::failing).count());
        return m;
    }

    String op(String operationId) {
        return organizationScoped ? operationId : FocusOperations.WORKSPACE_FORM + operationId;
    }

    @SuppressWarnings("unchecked")
    private List<String> problems(String id, Map<String, Object> integration) {
        List<String> problems = new ArrayList<>();
        String error = text(integration.get("error_status"));
        if (error != null) {
            problems.add("error_status " + error);
        }
        if (writeScopeNeeded.getAsBoolean() && !Boolean.TRUE.equals(integration.get("has_write_scope"))) {
            problems.add("no write scope, which the appointment flow needs");
        }
        List<Map<String, Object>> calendars = integration.get("calendars") instanceof List<?> l
                ? (List<Map<String, Object>>) l : List.of();
        List<String> gone = disappeared(id, calendars);
        if (!gone.isEmpty()) {
            problems.add("selected calendar" + (gone.size() == 1 ? " " : "s ") + String.join(", ", gone) + " disappeared");
        }
        return problems;
    }

    /**
     * Selected calendars that are gone. A calendar the user deselected is no longer expected; a newly
     * selected one means the user chose again, and what is selected now becomes what is expected.
     */
    private List<String> disappeared(String id, List<Map<String, Object>> calendars) {
        Map<String, String> live = new LinkedHashMap<>();
        Set<String> present = new LinkedHashSet<>();
        for (Map<String, Object> c : calendars) {
            String cid = text(c.get("calendar_id"));
            if (cid == null || c.get("deleted_at") != null) {
                continue;
            }
            present.add(cid);
            if (Boolean.TRUE.equals(c.get("selected"))) {
                live.put(cid, text(c.get("name")) == null ? cid : text(c.get("name")));
            }
        }
        Map<String, String> expected = expectedCalendars.computeIfAbsent(id, k -> new LinkedHashMap<>());
        expected.keySet().removeIf(cid -> present.contains(cid) && !live.containsKey(cid)); // deselected
        if (expected.isEmpty() || !expected.keySet().containsAll(live.keySet())) {
            expected.clear();
            expected.putAll(live);
        }
        List<String> gone = new ArrayList<>();
        expected.forEach((cid, name) -> {
            if (!live.containsKey(cid)) {
                gone.add("'" + name + "'");
            }
        });
        return gone;
    }

    private String reauthUrl(String id) {
        try {
            Map<String, Object> answer = operations.callForMap(op("request-calendar-write-scope"), Map.of("integration_id", id), null);
            return text(answer.get("location"));
        } catch (ApiException e) {
            LOG.warn("Toggl Focus: no re-authorization URL for calendar integration {}: {}", id, e.getMessage());
            return null;
        }
    }

    static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : v.toString();
        return s.isBlank() ? null : s.trim();
    }
}
