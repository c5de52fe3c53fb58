package io.contactsbridge.togglfocus;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.sync.SyncLinks;
import org.apache.camel.CamelContext;

/**
 * What the flow {@code contact-appointment-to-focus-entry} calls (bean {@value #BEAN}): whether a
 * contact is linked to a record of another system (the link table, read generically), the calendar
 * planned entries go to (the first selected calendar with a default project, from the last health
 * check, so no extra call per appointment), the planned entry for an appointment and the note that
 * links the two. Every entry's description ends with {@link #MARKER}: entries the bridge wrote are
 * never read back as the user's own.
 */
public final class FocusAppointments {
    public static final String BEAN = "focusEntries";
    /** Ends the description of every entry this bridge plans ("... [contacts-bridge appointment <id>]"). */
    public static final String MARKER = "[contacts-bridge appointment ";
    private static final Set<String> CANCELLED = Set.of("cancelled", "canceled", "invalid", "noshow", "no_show");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HIGHLEVEL_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CamelContext context;
    private final FocusCalendarHealth health;
    private final Operations operations;

    FocusAppointments(CamelContext context, FocusCalendarHealth health, Operations operations) {
        this.context = context;
        this.health = health;
        this.operations = operations;
    }

    /** The id of the {@code system}/{@code entity} record linked to the hub's contact, either way round; else null. */
    public String linkedRecord(Object contactId, String system, String entity) {
        String id = FocusCalendarHealth.text(contactId);
        SyncLinks links = context.getRegistry().lookupByNameAndType("syncLinks", SyncLinks.class);
        if (id == null || links == null) {
            return null;
        }
        SyncLinks.Link link = links.find(links.hub(), "contact", id, system, entity);
        if (link != null && link.targetId() != null) {
            return link.targetId();
        }
        return links.externalId(system, entity, id);
    }

    /**
     * Where the appointment's planned entry goes: {@code project_id}, {@code calendar_id},
     * {@code integration_id} of a selected, live calendar with a default project: the one whose
     * {@code external_id} is the appointment's {@code calendarId} when there is one, else the first
     * (integrations without an error first); null when none.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> target(Map<String, Object> appointment) {
        Object wanted = appointment == null ? null : appointment.get("calendarId");
        List<Map<String, Object>> integrations = health.integrations();
        if (health.checkedAt() == null && integrations.isEmpty()) {
            Object items = operations.callForMap(health.op("list-calendar-integrations"), Map.of(), null).get("items");
            integrations = items instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            health.remember(integrations);
        }
        Map<String, Object> best = null;
        Map<String, Object> fallback = null;
        for (Map<String, Object> integration : integrations) {
            boolean healthy = FocusCalendarHealth.text(integration.get("error_status")) == null;
            for (Object c : integration.get("calendars") instanceof List<?> l ? l : List.of()) {
                Map<String, Object> calendar = (Map<String, Object>) c;
                if (Boolean.TRUE.equals(calendar.get("selected")) && calendar.get("deleted_at") == null
                        && FocusCalendarHealth.text(calendar.get("default_project_id")) != null) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("project_id", number(calendar.get("default_project_id")));
                    t.put("calendar_id", calendar.get("calendar_id"));
                    t.put("integration_id", integration.get("calendar_integration_id"));
                    if (wanted != null && wanted.equals(calendar.get("external_id"))) {
                        return t;
                    }
                    if (healthy && best == null) {
                        best = t;
                    }
                    fallback = fallback == null ? t : fallback;
                }
            }
        }
        return best != null ? best : fallback;
    }

    /** True when the appointment is cancelled (or marked invalid / no-show): its entry goes. */
    public boolean cancelled(Map<String, Object> appointment) {
        Object status = appointment.getOrDefault("appointmentStatus", appointment.get("status"));
        return status != null && CANCELLED.contains(status.toString().toLowerCase(Locale.ROOT).replace("-", "_"));
    }

    /** The planned entry for an appointment on the target calendar's default project. */
    public Map<String, Object> plannedEntry(Map<String, Object> appointment, Map<String, Object> target) {
        Instant start = instant(appointment.get("startTime"));
        if (start == null) {
            throw new IllegalArgumentException("HighLevel appointment " + appointment.get("id") + " has no readable startTime ("
                    + appointment.get("startTime") + ")");
        }
        Instant end = instant(appointment.get("endTime"));
        long seconds = end == null || !end.isAfter(start) ? 1800 : Duration.between(start, end).getSeconds();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("description", title(appointment) + " " + MARKER + appointment.get("id") + "]");
        entry.put("project_id", target.get("project_id"));
        entry.put("planned_start", start.toString());
        entry.put("planned_duration", seconds);
        return entry;
    }

    /** The contact note linking an appointment to its Focus entry (one per appointment, updated with it). */
    public Map<String, Object> note(Map<String, Object> appointment, Object entryId, Map<String, Object> target) {
        Instant start = instant(appointment.get("startTime"));
        Instant end = instant(appointment.get("endTime"));
        String when = start == null ? "" : " on " + SHOWN.format(start) + (end == null ? "" : "–" + SHOWN.format(end).substring(11)) + " UTC";
        return Map.of("body", "Appointment \"" + title(appointment) + "\"" + when + " is planned in Toggl Focus as entry "
                + entryId + " (project " + target.get("project_id") + ").");
    }

    /** True for an entry this bridge planned (its description carries {@link #MARKER}). */
    public static boolean plannedByUs(Map<String, Object> entry) {
        Object d = entry.get("description");
        return d != null && d.toString().contains(MARKER);
    }

    private static String title(Map<String, Object> appointment) {
        Object t = appointment.get("title");
        return t == null || t.toString().isBlank() ? "Appointment" : t.toString().trim();
    }

    /** HighLevel's times: ISO-8601 with offset (webhooks) or {@code yyyy-MM-dd HH:mm:ss} (reads; taken as UTC). */
    static Instant instant(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String s = value.toString().trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s, HIGHLEVEL_LOCAL).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    private static Object number(Object v) {
        String s = FocusCalendarHealth.text(v);
        return s != null && s.matches("\\d{1,18}") ? (Object) Long.valueOf(s) : v;
    }
}
