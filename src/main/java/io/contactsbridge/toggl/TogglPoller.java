package io.contactsbridge.toggl;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.StateTable;
import io.contactsbridge.connector.http.ApiClient;
import io.contactsbridge.connector.http.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental poll of Toggl Track, through the operation routes: {@code GET /me/<kind>?since=} for
 * clients, projects and tasks, every user's time entries of the workspace ({@link TogglTimeEntryReads}),
 * once an hour the user's workspaces, and the workspace's users while an invited person has not joined
 * ({@link TogglInvitations}). A steady cycle costs 4 calls (tasks and time entries may take
 * more pages). The {@code /me} reads span every workspace of the token's user: only rows of the
 * configured workspace become changes (workspaces: those of the configured organization).
 * Each kind has its own watermark, the newest {@code at} (or {@code server_deleted_at}) Toggl returned,
 * rows of other workspaces included — never the local clock — read again with an overlap; the inbox drops
 * what it has. When Toggl's quota is spent (402, or already paused) or Toggl asks for a longer wait than a
 * call may spend (429) the cycle stops and returns what it read: the kinds not read keep their watermark.
 */
public class TogglPoller implements SourcePoller {
    private static final Logger LOG = LoggerFactory.getLogger(TogglPoller.class);
    /** Seconds read again before each watermark (Toggl's {@code at} has one-second precision). */
    static final long OVERLAP_SECONDS = 60;
    /** Watermark part: when the workspaces were last read (unix seconds). */
    static final String WORKSPACES_READ = "workspaces_read";
    static final long WORKSPACES_EVERY_SECONDS = 3600;

    /** The reads, in the order flows need them (clients before projects before tasks and entries). */
    enum Kind {
        CLIENTS("clients", "changed-clients", TogglEntities.CLIENT, Map.of()),
        PROJECTS("projects", "changed-projects", TogglEntities.PROJECT, Map.of("include_archived", "true")),
        TASKS("tasks", "changed-tasks", TogglEntities.TASK, Map.of("include_not_active", "true", ApiClient.FOLLOW_PAGES, "true")),
        TIME_ENTRIES("time_entries", "search-time-entries", TogglEntities.TIME_ENTRY, Map.of()),
        WORKSPACES("workspaces", "changed-workspaces", TogglEntities.WORKSPACE, Map.of()),
        WORKSPACE_USERS("workspace_users", "list-workspace-users", TogglEntities.WORKSPACE_USER, Map.of());

        final String key;
        final String operation;
        final Entity entity;
        final Map<String, String> query;

        Kind(String key, String operation, Entity entity, Map<String, String> query) {
            this.key = key;
            this.operation = operation;
            this.entity = entity;
            this.query = query;
        }
    }

    private final Operations operations;
    private final TogglSettings settings;
    private final TogglTimeEntryReads timeEntries;
    private final StateTable state;
    private final Clock clock;

    public TogglPoller(Operations operations, TogglSettings settings, StateTable state, Clock clock) {
        this.operations = operations;
        this.settings = settings;
        this.timeEntries = new TogglTimeEntryReads(operations, settings, state, clock);
        this.state = state;
        this.clock = clock;
    }

    @Override
    public String source() {
        return TogglChanges.SOURCE;
    }

    @Override
    public Result poll(String watermark) {
        return TogglQuota.spending(TogglQuota.POLL, () -> cycle(watermark));
    }

    private Result cycle(String watermark) {
        Map<String, Long> marks = parseWatermark(watermark);
        List<CanonicalChange> changes = new ArrayList<>();
        long now = clock.instant().getEpochSecond();
        for (Kind kind : Kind.values()) {
            Long checked = marks.get(WORKSPACES_READ);
            if (kind == Kind.WORKSPACES && checked != null && now - checked < WORKSPACES_EVERY_SECONDS) {
                continue; // new workspaces are rare: once an hour (webhooks bring them sooner)
            }
            if (kind == Kind.WORKSPACE_USERS && !TogglInvitations.pending(state)) {
                continue; // only an invited person joining matters
            }
            Long since = marks.get(kind.key);
            List<Map<String, Object>> rows;
            try {
                rows = read(kind, since == null ? null : since - OVERLAP_SECONDS);
            } catch (QuotaExhausted | RateLimited e) {
                // Toggl asked to wait: the kinds read so far keep their progress, the rest keep their watermark
                LOG.warn("Toggl poll stopped before {}: {}", kind.key, e.getMessage());
                break;
            }
            Long newest = since;
            int elsewhere = 0;
            List<CanonicalChange> read = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Instant at = TogglChanges.updatedAt(row);
                if (at != null && (newest == null || at.getEpochSecond() > newest)) {
                    newest = at.getEpochSecond();
                }
                if (!ours(kind, row)) {
                    elsewhere++;
                    continue;
                }
                read.add(TogglChanges.change(kind.entity, action(row), row));
            }
            if (kind == Kind.WORKSPACES) {
                TogglWorkspaces.listed(state, read.stream().map(CanonicalChange::sourceId).toList());
            }
            changes.addAll(read);
            if (elsewhere > 0) {
                LOG.debug("Toggl {}: {} row(s) of other workspaces left out", kind.key, elsewhere);
            }
            if (newest != null) {
                marks.put(kind.key, newest);
            }
            if (kind == Kind.WORKSPACES) {
                marks.put(WORKSPACES_READ, now);
            }
        }
        return new Result(changes, formatWatermark(marks));
    }

    /** A row of the configured workspace (a workspace: one of the configured organization). */
    boolean ours(Kind kind, Map<String, Object> row) {
        if (kind == Kind.WORKSPACES) {
            return settings.organizationId() == null || settings.organizationId().equals(longOf(row.get("organization_id")));
        }
        return TogglChanges.inWorkspace(row, settings.workspaceId());
    }

    private List<Map<String, Object>> read(Kind kind, Long since) {
        if (kind == Kind.TIME_ENTRIES) {
            return timeEntries.read(since);
        }
        if (kind == Kind.WORKSPACE_USERS) { // the list has no since: what changed is kept here
            return rows(operations.call(kind.operation, Map.of(), null), kind.operation).stream()
                    .filter(r -> since == null || TogglChanges.updatedAt(r) == null
                            || TogglChanges.updatedAt(r).getEpochSecond() >= since).toList();
        }
        Map<String, Object> query = new LinkedHashMap<>();
        if (since != null) {
            query.put("since", Math.max(0, since));
        }
        query.putAll(kind.query);
        return rows(operations.call(kind.operation, query, null), kind.operation);
    }

    static Long longOf(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Object body, String operation) {
        if (body == null || (body instanceof Map<?, ?> empty && empty.isEmpty())) {
            return List.of();
        }
        if (body instanceof Map<?, ?> pages && pages.get("items") instanceof List<?> items) {
            body = items; // every page of a followed list
        }
        if (!(body instanceof List<?> list)) {
            throw new IllegalStateException("Toggl " + operation + " did not answer a JSON array");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    static Action action(Map<String, Object> row) {
        if (row.get("server_deleted_at") != null) {
            return Action.DELETED;
        }
        Object created = row.get("created_at");
        if (created != null && TogglChanges.instant(created) != null
                && TogglChanges.instant(created).equals(TogglChanges.instant(row.get("at")))) {
            return Action.CREATED;
        }
        return Action.UPDATED;
    }

    /** {@code clients=1732500000;projects=...} (unix seconds per kind); unknown parts are ignored. */
    static Map<String, Long> parseWatermark(String watermark) {
        Map<String, Long> marks = new LinkedHashMap<>();
        if (watermark == null || watermark.isBlank()) {
            return marks;
        }
        for (String part : watermark.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    marks.put(part.substring(0, eq).trim(), Long.parseLong(part.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    LOG.warn("ignoring a bad part of the Toggl watermark: {}", part);
                }
            }
        }
        return marks;
    }

    static String formatWatermark(Map<String, Long> marks) {
        if (marks.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (Kind k : Kind.values()) {
            keys.add(k.key);
        }
        keys.add(WORKSPACES_READ);
        for (String k : keys) {
            Long v = marks.get(k);
            if (v != null) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(k).append('=').append(v);
            }
        }
        return sb.toString();
    }
}
