package io.contactsbridge.toggl;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.contactsbridge.connector.StateTable;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll's read of time entries, so that none is skipped for good. {@code /me/time_entries?since=}
 * alone loses entries: it has only the token owner's, stops near 1,000 and sorts by start while the
 * watermark follows {@code at}. Instead:
 * <ul>
 * <li>{@code toggl.time-entries=workspace} (default): every user's entries of the workspace that started in
 * the last {@code toggl.time-entries.lookback-days} days, from the Reports API v3 detailed search paged to
 * the end (50 a page); those changed since the watermark ({@code at}) become changes, whatever their start.
 * The report cannot be asked for entries changed since a time (toggl/toggl_api_docs#275): the window is
 * read again each cycle, and its size is what a cycle costs. The entries
 * seen are kept in the store (kind {@code time_entry}: id and start) so one that is gone from a complete
 * answer is reported deleted (the report shows no deleted entries).</li>
 * <li>{@code owner}: the token owner's entries, {@code ?since=} (deleted ones included); when that answer
 * is full, the older part is read by start windows, newest first, until a window is not full.</li>
 * </ul>
 * Rows come out in the API v9 shape the flows read (id, workspace_id, project_id, task_id, user_id,
 * description, start, stop, duration, at).
 */
final class TogglTimeEntryReads {
    private static final Logger LOG = LoggerFactory.getLogger(TogglTimeEntryReads.class);
    /** {@code /me/time_entries} answers at most about this many entries. */
    static final int OWNER_CAP = 1000;
    static final int PAGE_SIZE = 50;
    static final String SEEN = "time_entry";
    private static final int MAX_WINDOWS = 50;

    private final Operations operations;
    private final TogglSettings settings;
    private final StateTable state;
    private final Clock clock;

    TogglTimeEntryReads(Operations operations, TogglSettings settings, StateTable state, Clock clock) {
        this.operations = operations;
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    List<Map<String, Object>> read(Long since) {
        return "owner".equals(settings.timeEntries()) ? owner(since) : workspace(since);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ---- every user's entries: the Reports API ---------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> workspace(Long since) {
        LocalDate from = today().minusDays(settings.lookbackDays());
        LocalDate to = today().plusDays(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start_date", from.toString());
        body.put("end_date", to.toString());
        body.put("page_size", PAGE_SIZE);
        body.put("order_by", "date");
        body.put("order_dir", "asc");
        Object answer = operations.call("search-time-entries", Map.of(ApiClient.FOLLOW_PAGES, "true"), body);
        boolean complete = !(answer instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("truncated")));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> row : TogglPoller.rows(answer, "search-time-entries")) {
            if (row.get("time_entries") instanceof List<?> list) {
                for (Object te : list) {
                    if (te instanceof Map<?, ?> e) {
                        entries.add(v9(row, (Map<String, Object>) e));
                    }
                }
            }
        }
        Instant newest = since == null ? null : Instant.ofEpochSecond(since);
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Map<String, Object> e : entries) {
            present.add(String.valueOf(e.get("id")));
            Instant at = TogglChanges.instant(e.get("at"));
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
            if (since == null || at == null || at.getEpochSecond() >= since) {
                out.add(e);
            }
        }
        remember(entries);
        if (complete) {
            out.addAll(gone(present, from, to, newest));
        } else {
            LOG.warn("Toggl time entries: the report stopped at the page cap; deletions are not looked for this cycle");
        }
        return out;
    }

    /** A report row with one of its entries, as the API v9 time entry the flows read. */
    private Map<String, Object> v9(Map<String, Object> row, Map<String, Object> entry) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entry.get("id"));
        e.put("workspace_id", settings.workspaceId());
        e.put("wid", settings.workspaceId());
        e.put("project_id", row.get("project_id"));
        e.put("pid", row.get("project_id"));
        e.put("task_id", row.get("task_id"));
        e.put("tid", row.get("task_id"));
        e.put("user_id", row.get("user_id"));
        e.put("uid", row.get("user_id"));
        e.put("billable", row.get("billable"));
        e.put("description", row.get("description"));
        e.put("tag_ids", row.get("tag_ids"));
        e.put("start", entry.get("start"));
        e.put("stop", entry.get("stop"));
        e.put("duration", entry.get("stop") == null ? -1 : entry.get("seconds"));
        e.put("at", entry.get("at"));
        e.put("server_deleted_at", null);
        return e;
    }

    /** Keeps id and start of the entries seen (written only when new or moved). */
    private void remember(List<Map<String, Object>> entries) {
        Map<String, Object> known = new LinkedHashMap<>();
        for (Map<String, Object> s : state.all(SEEN)) {
            known.put(String.valueOf(s.get("id")), s.get("start"));
        }
        for (Map<String, Object> e : entries) {
            String id = String.valueOf(e.get("id"));
            if (!Objects.equals(known.get(id), e.get("start"))) {
                state.put(SEEN, id, new LinkedHashMap<>(Map.of("id", id, "start", String.valueOf(e.get("start")))));
            }
        }
    }

    /**
     * Entries seen before, started inside the window, and absent from a complete answer: deleted. Stamped
     * with the newest time Toggl reported (never the local clock, which the watermark must not follow).
     */
    private List<Map<String, Object>> gone(Set<String> present, LocalDate from, LocalDate to, Instant newest) {
        List<Map<String, Object>> out = new ArrayList<>();
        String stamp = (newest != null ? newest : clock.instant()).toString();
        for (Map<String, Object> s : state.all(SEEN)) {
            String id = String.valueOf(s.get("id"));
            Instant start = TogglChanges.instant(s.get("start"));
            if (present.contains(id) || start == null) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
            if (day.isBefore(from) || day.isAfter(to)) {
                if (day.isBefore(from)) {
                    state.remove(SEEN, id); // out of the window for good: no longer watched
                }
                continue;
            }
            Map<String, Object> deleted = new LinkedHashMap<>();
            deleted.put("id", Long.parseLong(id));
            deleted.put("workspace_id", settings.workspaceId());
            deleted.put("start", s.get("start"));
            deleted.put("at", stamp);
            deleted.put("server_deleted_at", stamp);
            out.add(deleted);
            state.remove(SEEN, id);
        }
        return out;
    }

    // ---- the token owner's entries: /me/time_entries ---------------------------------------------

    private List<Map<String, Object>> owner(Long since) {
        if (since == null) {
            return windows(null, today().minusDays(settings.lookbackDays()).atStartOfDay().toInstant(ZoneOffset.UTC),
                    today().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        List<Map<String, Object>> rows = TogglPoller.rows(operations.call("changed-time-entries", Map.of("since", since), null),
                "changed-time-entries");
        if (rows.size() < OWNER_CAP) {
            return rows;
        }
        // a full answer: entries that started before the oldest one here are missing from it
        Instant oldest = oldestStart(rows);
        List<Map<String, Object>> out = new ArrayList<>(rows);
        if (oldest != null) {
            out.addAll(windows(since, today().minusDays(settings.lookbackDays()).atStartOfDay().toInstant(ZoneOffset.UTC), oldest));
        }
        return out;
    }

    /** Entries started in [from, to), read newest first by windows until one is not full; those changed since {@code since}. */
    private List<Map<String, Object>> windows(Long since, Instant from, Instant to) {
        List<Map<String, Object>> out = new ArrayList<>();
        Instant end = to;
        for (int i = 0; i < MAX_WINDOWS && end.isAfter(from); i++) {
            List<Map<String, Object>> rows = TogglPoller.rows(operations.call("changed-time-entries",
                    Map.of("start_date", from.toString(), "end_date", end.toString()), null), "changed-time-entries");
            for (Map<String, Object> r : rows) {
                Instant at = TogglChanges.updatedAt(r);
                if (since == null || at == null || at.getEpochSecond() >= since) {
                    out.add(r);
                }
            }
            Instant oldest = oldestStart(rows);
            if (rows.size() < OWNER_CAP || oldest == null || !oldest.isBefore(end)) {
                break;
            }
            end = oldest;
        }
        return out;
    }

    private static Instant oldestStart(List<Map<String, Object>> rows) {
        Instant oldest = null;
        for (Map<String, Object> r : rows) {
            Instant s = TogglChanges.instant(r.get("start"));
            if (s != null && (oldest == null || s.isBefore(oldest))) {
                oldest = s;
            }
        }
        return oldest;
    }
}
