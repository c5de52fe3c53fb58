package io.contactsbridge.timetonic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.sync.SyncJson;

/**
 * The {@code timetonic_row_state} table, bound as {@value #BEAN} for the flows: the hash of each
 * polled row as last processed (the poller skips rows whose hash is unchanged; the lead flow records
 * the hash once the row is saved, so a crash re-reads, never skips), the contact a row of the
 * contacts table stands for, and the summary last written to it.
 */
public class TimeTonicRowState {
    public static final String BEAN = "timetonicRows";

    /** One row's state. */
    public record Row(String tableId, String rowId, String rowHash, String contactId, Integer totalTasks,
                      Integer openTasks, boolean archived, Instant touchedAt) {
    }

    private final DataSource dataSource;
    private final String contactsTable;
    private final boolean dryRun;

    /** @param contactsTable the id of the contacts table (the rows that stand for HighLevel contacts) */
    public TimeTonicRowState(DataSource dataSource, String contactsTable) {
        this(dataSource, contactsTable, false);
    }

    /** @param dryRun true when nothing is written to the systems: the flows' records are not kept either, so a real run does the work */
    public TimeTonicRowState(DataSource dataSource, String contactsTable, boolean dryRun) {
        this.dataSource = dataSource;
        this.contactsTable = contactsTable;
        this.dryRun = dryRun;
    }

    /** For the flows: the row of the contacts table that stands for this contact, or null. */
    public String contactRow(Object contactId) {
        return rowOfContact(contactsTable, contactId);
    }

    /** For the flows: the row of the contacts table now stands for this contact. */
    public void contactLinked(Object rowId, Object contactId) {
        linked(contactsTable, rowId, contactId);
    }

    /** Row id -> hash of the rows of a table as last processed. */
    public Map<String, String> hashes(String tableId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : query("SELECT * FROM timetonic_row_state WHERE table_id = ?", tableId)) {
            if (r.rowHash() != null) {
                out.put(r.rowId(), r.rowHash());
            }
        }
        return out;
    }

    /** The flow saved what this row holds: its hash is what the next poll compares with. */
    public void processed(Object tableId, Object rowId, Object hash) {
        if (dryRun) {
            return;
        }
        upsert(String.valueOf(tableId), String.valueOf(rowId), "row_hash", hash == null ? null : String.valueOf(hash));
    }

    /** A deleted row was handled: it is no longer compared. */
    public void forget(Object tableId, Object rowId) {
        if (dryRun) {
            return;
        }
        update("DELETE FROM timetonic_row_state WHERE table_id = ? AND row_id = ?", String.valueOf(tableId), String.valueOf(rowId));
    }

    /** The row of the contacts table that stands for this contact (written by contact-to-timetonic-row), or null. */
    public String rowOfContact(String tableId, Object contactId) {
        if (contactId == null) {
            return null;
        }
        List<Row> rows = query("SELECT * FROM timetonic_row_state WHERE table_id = ? AND contact_id = ?", tableId,
                String.valueOf(contactId));
        return rows.isEmpty() ? null : rows.get(0).rowId();
    }

    /**
     * For the flows: true when these values (by field name) differ from what was last written to the
     * contacts-table row (or nothing was recorded), so a task or note event that changes nothing costs no write.
     */
    public boolean contactRowChanged(Object rowId, Map<String, Object> values) {
        if (rowId == null || String.valueOf(rowId).isBlank()) {
            return false;
        }
        String hash = SyncJson.hash(values);
        return !hash.equals(hashes(contactsTable).get(String.valueOf(rowId)));
    }

    /** For the flows: these values were written to the contacts-table row. */
    public void contactRowWritten(Object rowId, Map<String, Object> values) {
        if (rowId != null && !String.valueOf(rowId).isBlank()) {
            processed(contactsTable, rowId, SyncJson.hash(values));
        }
    }

    /** Links a row to its contact; the row is active and touched now (it was just written). */
    public void linked(String tableId, Object rowId, Object contactId) {
        if (dryRun || rowId == null || contactId == null || String.valueOf(rowId).isBlank()) {
            return;
        }
        upsert(tableId, String.valueOf(rowId), "contact_id", String.valueOf(contactId));
        update("UPDATE timetonic_row_state SET archived = FALSE, touched_at = ? WHERE table_id = ? AND row_id = ?",
                now(), tableId, String.valueOf(rowId));
    }

    /** Rows of the table that stand for a contact, archived ones included. */
    public List<Row> linkedRows(String tableId) {
        return query("SELECT * FROM timetonic_row_state WHERE table_id = ? AND contact_id IS NOT NULL ORDER BY row_id", tableId);
    }

    /** The summary written to a row. */
    public void summaryWritten(String tableId, String rowId, int total, int open, Instant at) {
        update("UPDATE timetonic_row_state SET total_tasks = ?, open_tasks = ?, touched_at = ?, updated_at = ? "
                + "WHERE table_id = ? AND row_id = ?", total, open, utc(at), now(), tableId, rowId);
    }

    public void archived(String tableId, String rowId) {
        update("UPDATE timetonic_row_state SET archived = TRUE, updated_at = ? WHERE table_id = ? AND row_id = ?",
                now(), tableId, rowId);
    }

    private void upsert(String tableId, String rowId, String column, String value) {
        int n = update("UPDATE timetonic_row_state SET " + column + " = ?, updated_at = ? WHERE table_id = ? AND row_id = ?",
                value, now(), tableId, rowId);
        if (n == 0) {
            try {
                update("INSERT INTO timetonic_row_state (table_id, row_id, " + column + ", archived, touched_at, updated_at) "
                        + "VALUES (?, ?, ?, FALSE, ?, ?)", tableId, rowId, value, now(), now());
            } catch (IllegalStateException e) {
                // inserted meanwhile by another worker: update it
                update("UPDATE timetonic_row_state SET " + column + " = ?, updated_at = ? WHERE table_id = ? AND row_id = ?",
                        value, now(), tableId, rowId);
            }
        }
    }

    private List<Row> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime touched = rs.getObject("touched_at", OffsetDateTime.class);
                    out.add(new Row(rs.getString("table_id"), rs.getString("row_id"), rs.getString("row_hash"),
                            rs.getString("contact_id"), (Integer) rs.getObject("total_tasks"),
                            (Integer) rs.getObject("open_tasks"), rs.getBoolean("archived"),
                            touched == null ? null : touched.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading timetonic_row_state: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing timetonic_row_state: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
