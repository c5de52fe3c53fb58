package io.contactsbridge.hubstaff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The {@code hubstaff_record_hash} table: the content hash of each record the poll last put in the
 * inbox. Hubstaff lists clients, projects and to-dos without a date filter, so every cycle reads them
 * all and only what hashes differently (or is gone) becomes a change. A hash is first written as
 * pending with the cycle's generation; it counts only once the poll's watermark (which carries the
 * generation) was saved, which happens after the changes are in the inbox. A crash in between
 * leaves pending hashes of a generation the watermark never reached: they are dropped, and the
 * changes are read again (the inbox keeps them once).
 */
final class HubstaffRecordHashes {
    /** The hash of a record found gone (deleted, or archived out of the lists). */
    static final String GONE = "-";
    private final DataSource dataSource;

    HubstaffRecordHashes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Settles pending hashes against the saved generation, then returns record id -> hash of {@code kind}. */
    Map<String, String> confirmed(String kind, long generation) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hubstaff_record_hash SET hash = pending_hash,"
                    + " pending_hash = NULL, pending_gen = NULL WHERE kind = ? AND pending_gen <= ?")) {
                ps.setString(1, kind);
                ps.setLong(2, generation);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE hubstaff_record_hash SET pending_hash = NULL,"
                    + " pending_gen = NULL WHERE kind = ? AND pending_gen > ?")) {
                ps.setString(1, kind);
                ps.setLong(2, generation);
                ps.executeUpdate();
            }
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT record_id, hash FROM hubstaff_record_hash"
                    + " WHERE kind = ? AND hash IS NOT NULL")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the Hubstaff record hashes: " + e.getMessage(), e);
        }
    }

    /** Notes the hash a change put in the inbox carries; it counts from {@code generation} on. */
    void pending(String kind, String recordId, String hash, long generation) {
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE hubstaff_record_hash SET pending_hash = ?, pending_gen = ?"
                    + " WHERE kind = ? AND record_id = ?")) {
                ps.setString(1, hash);
                ps.setLong(2, generation);
                ps.setString(3, kind);
                ps.setString(4, recordId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO hubstaff_record_hash (kind, record_id, hash,"
                        + " pending_hash, pending_gen) VALUES (?, ?, NULL, ?, ?)")) {
                    ps.setString(1, kind);
                    ps.setString(2, recordId);
                    ps.setString(3, hash);
                    ps.setLong(4, generation);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing a Hubstaff record hash: " + e.getMessage(), e);
        }
    }
}
