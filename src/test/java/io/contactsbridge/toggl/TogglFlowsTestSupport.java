package io.contactsbridge.toggl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.contactsbridge.runtime.Bridge;

/** Reads of the bridge's store for the Toggl flow tests. */
final class TogglFlowsTestSupport {
    private TogglFlowsTestSupport() {
    }

    static List<String> deadLetters(Bridge bridge) throws Exception {
        return column(bridge, "SELECT last_error FROM dead_letter");
    }

    static List<String> inboxKeys(Bridge bridge) throws Exception {
        return column(bridge, "SELECT record_key FROM inbox");
    }

    static List<String> audit(Bridge bridge, String flow) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, source_id, detail FROM sync_audit WHERE flow = ? ORDER BY id")) {
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                }
            }
        }
        return out;
    }

    private static List<String> column(Bridge bridge, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = bridge.database().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(String.valueOf(rs.getString(1)));
            }
        }
        return out;
    }
}
