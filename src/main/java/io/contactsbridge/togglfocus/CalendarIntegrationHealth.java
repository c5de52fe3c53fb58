package io.contactsbridge.togglfocus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one check found about one calendar integration: who it is, whether it fails and why, and the
 * URL a person opens to re-authorize it (asked once per incident: each ask costs quota).
 */
record CalendarIntegrationHealth(String integrationId, String email, String provider, List<String> problems,
                                 String reauthUrl, Instant checkedAt, boolean removed) {

    CalendarIntegrationHealth {
        problems = List.copyOf(problems);
    }

    boolean failing() {
        return !problems.isEmpty();
    }

    /** The incident key of this integration on the alert channel. */
    String alertKey() {
        return TogglFocusConnector.ID + ".calendar." + integrationId;
    }

    String summary() {
        String who = "calendar integration " + (email == null ? integrationId : email)
                + (provider == null ? "" : " (" + provider + ")");
        if (removed) {
            return who + " was removed";
        }
        if (!failing()) {
            return who + " is healthy";
        }
        return who + " is failing: " + String.join("; ", problems)
                + (reauthUrl == null ? "" : " — re-authorize at " + reauthUrl);
    }

    /** Same incident state (a change of it is what the flow hears about). */
    boolean sameStateAs(CalendarIntegrationHealth other) {
        return other != null && other.removed == removed && other.problems.equals(problems);
    }

    /** Read back from {@link #toMap()} (the stored snapshot). */
    @SuppressWarnings("unchecked")
    static CalendarIntegrationHealth fromMap(Map<String, Object> m) {
        Object problems = m.get("problems");
        return new CalendarIntegrationHealth(String.valueOf(m.get("integrationId")), (String) m.get("email"),
                (String) m.get("provider"), problems instanceof List<?> l ? (List<String>) l : List.of(),
                (String) m.get("reauthUrl"), Instant.parse(String.valueOf(m.get("checkedAt"))), "removed".equals(m.get("state")));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integrationId", integrationId);
        m.put("email", email);
        m.put("provider", provider);
        m.put("state", removed ? "removed" : failing() ? "failing" : "ok");
        m.put("failing", failing());
        m.put("problems", problems);
        m.put("reauthUrl", reauthUrl);
        m.put("checkedAt", checkedAt.toString());
        m.put("alertKey", alertKey());
        m.put("summary", summary());
        return m;
    }
}
