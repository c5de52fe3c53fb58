package io.contactsbridge.togglfocus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The last calendar health check in the state store (table {@code focus_calendar_health}, one row),
 * so an open incident survives a restart and every replica's status data shows the same check.
 * Without a store (the command line) nothing is kept.
 */
final class FocusHealthStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = TogglFocusConnector.ID;
    private final DataSource dataSource;

    FocusHealthStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The stored snapshot, or an empty map. */
    Map<String, Object> load() {
        if (dataSource == null) {
            return Map.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT snapshot FROM focus_calendar_health WHERE id = ?")) {
            ps.setString(1, ROW);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? JSON.readValue(rs.getString(1), new TypeReference<LinkedHashMap<String, Object>>() { }) : Map.of();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Toggl Focus calendar health could not be read from the store: " + e.getMessage(), e);
        }
    }

    void save(Map<String, Object> snapshot, Instant checkedAt) {
        if (dataSource == null) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            String json = JSON.writeValueAsString(snapshot);
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE focus_calendar_health SET snapshot = ?, checked_at = ? WHERE id = ?")) {
                ps.setString(1, json);
                ps.setTimestamp(2, Timestamp.from(checkedAt));
                ps.setString(3, ROW);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO focus_calendar_health (id, snapshot, checked_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, ROW);
                    ps.setString(2, json);
                    ps.setTimestamp(3, Timestamp.from(checkedAt));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Toggl Focus calendar health could not be stored: " + e.getMessage(), e);
        }
    }
}
