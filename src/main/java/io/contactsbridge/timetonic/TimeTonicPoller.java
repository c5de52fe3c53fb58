package io.contactsbridge.timetonic;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.sync.SyncJson;

/**
 * TimeTonic has no webhooks: each cycle reads the leads table page by page and hands on only what
 * changed. With a modified-at field (named in the field map) a row older than the watermark (the
 * newest modified-at seen, less an overlap) is skipped; without one, a row whose values hash to what
 * the lead flow last recorded ({@link TimeTonicRowState}) is skipped, so an unchanged row costs no
 * write either way. A row seen before that is gone is a deleted lead. Once per summary interval
 * (the 15-minute cycle) a poll also hands on one {@code cycle} change for the summary flow. Only reads: the lead flow records the hashes.
 */
public class TimeTonicPoller implements SourcePoller {
    static final long OVERLAP_MILLIS = 60_000;
    /** A cycle that fires a little early still runs the summary. */
    static final long SUMMARY_TOLERANCE_MILLIS = 60_000;

    private final TimeTonicTables tables;
    private final TimeTonicRowState state;
    private final TimeTonicSettings settings;
    private final TimeTonicFieldMap map;
    private final Clock clock;

    public TimeTonicPoller(TimeTonicTables tables, TimeTonicRowState state, TimeTonicSettings settings,
                           TimeTonicFieldMap map, Clock clock) {
        this.tables = tables;
        this.state = state;
        this.settings = settings;
        this.map = map;
        this.clock = clock;
    }

    @Override
    public String source() {
        return TimeTonicConnector.ID;
    }

    @Override
    public Result poll(String watermark) {
        Long since = parse(watermark, "leads");
        Long lastSummary = parse(watermark, "summary");
        TimeTonicTables.Table leads = tables.read(settings.leadsTable());
        String modifiedField = map.leadsModifiedField() != null && leads.field(map.leadsModifiedField()).isPresent()
                ? leads.field(map.leadsModifiedField()).get().name() : null;
        Map<String, String> known = state.hashes(settings.leadsTable());
        List<CanonicalChange> changes = new ArrayList<>();
        Long newest = since;
        for (TimeTonicTables.Row row : leads.rows()) {
            String hash = SyncJson.hash(row.values());
            Map<String, Object> fields = new LinkedHashMap<>(row.values());
            fields.put(TimeTonicMappings.ROW_ID, row.id());
            fields.put(TimeTonicMappings.ROW_HASH, hash);
            fields.put(TimeTonicMappings.TABLE_ID, settings.leadsTable());
            Action action = known.containsKey(row.id()) ? Action.UPDATED : Action.CREATED;
            if (modifiedField != null) {
                Instant modified = instant(row.values().get(modifiedField));
                if (modified != null) {
                    if (since != null && modified.toEpochMilli() < since - OVERLAP_MILLIS) {
                        continue;
                    }
                    if (newest == null || modified.toEpochMilli() > newest) {
                        newest = modified.toEpochMilli();
                    }
                    if (hash.equals(known.get(row.id()))) {
                        continue; // read again in the overlap, already saved
                    }
                    changes.add(new CanonicalChange(source(), TimeTonicEntities.LEAD, action, row.id(), fields, modified, null));
                    continue;
                }
            }
            if (hash.equals(known.get(row.id()))) {
                continue;
            }
            changes.add(new CanonicalChange(source(), TimeTonicEntities.LEAD, action, row.id(), fields, null,
                    "timetonic:lead:" + row.id() + ":h" + hash));
        }
        List<String> present = leads.rows().stream().map(TimeTonicTables.Row::id).toList();
        for (String gone : known.keySet()) {
            if (!present.contains(gone)) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(TimeTonicMappings.ROW_ID, gone);
                fields.put(TimeTonicMappings.TABLE_ID, settings.leadsTable());
                changes.add(new CanonicalChange(source(), TimeTonicEntities.LEAD, Action.DELETED, gone, fields, null,
                        "timetonic:lead:" + gone + ":deleted"));
            }
        }
        Instant now = clock.instant();
        // the summary runs once per cycle, however often TimeTonic is polled in between (poll-interval-seconds)
        boolean summaryDue = lastSummary == null
                || now.toEpochMilli() - lastSummary >= settings.summaryEveryMinutes() * 60_000L - SUMMARY_TOLERANCE_MILLIS;
        if (summaryDue) {
            changes.add(new CanonicalChange(source(), TimeTonicEntities.CYCLE, Action.UPDATED, "summary",
                    Map.of("at", now.toString()), now, null));
            lastSummary = now.toEpochMilli();
        }
        StringBuilder next = new StringBuilder();
        if (newest != null) {
            next.append("leads=").append(newest);
        }
        if (lastSummary != null) {
            next.append(next.length() == 0 ? "" : ";").append("summary=").append(lastSummary);
        }
        return new Result(changes, next.length() == 0 ? watermark : next.toString());
    }

    /** One part of {@code leads=<epoch ms>;summary=<epoch ms>}, or null. */
    static Long parse(String watermark, String part) {
        if (watermark == null) {
            return null;
        }
        for (String p : watermark.split(";")) {
            if (p.startsWith(part + "=")) {
                try {
                    return Long.parseLong(p.substring(part.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A TimeTonic date value: epoch seconds or millis, ISO-8601, or a plain date. */
    static Instant instant(Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            return null;
        }
        if (value instanceof Number n) {
            long v = n.longValue();
            return v < 100_000_000_000L ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
        }
        String s = String.valueOf(value).trim();
        try {
            if (s.matches("\\d+")) {
                return instant(Long.parseLong(s));
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(s);
            } catch (RuntimeException again) {
                return null;
            }
        }
    }
}
