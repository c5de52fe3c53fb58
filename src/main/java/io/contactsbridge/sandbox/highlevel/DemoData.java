package io.contactsbridge.sandbox.highlevel;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sandbox's demo data: five contacts of two companies, with tasks, notes and appointments. */
final class DemoData {
    private DemoData() {
    }

    static void seed(HighLevelData data, long nowMillis) {
        String biz = "641c094001436dbc2081e642";
        Map<String, Object> ada = data.createContact(HighLevelSimulator.LOCATION_ID, contactFields("Ada", "Lovelace", "ada@analytical.example",
                "+44 20 7946 0018", "Analytical Engines Ltd", List.of("customer", "vip"), biz));
        Map<String, Object> grace = data.createContact(HighLevelSimulator.LOCATION_ID, contactFields("Grace", "Hopper", "grace@cobol.example",
                "+1 202 555 0143", "Analytical Engines Ltd", List.of("customer"), biz));
        Map<String, Object> alan = data.createContact(HighLevelSimulator.LOCATION_ID, contactFields("Alan", "Turing", "alan@bletchley.example",
                "+44 1908 640404", "Bletchley Park Trust", List.of("lead"), null));
        Map<String, Object> katherine = data.createContact(HighLevelSimulator.LOCATION_ID, contactFields("Katherine", "Johnson",
                "katherine@langley.example", "+1 757 555 0199", "Langley Research", List.of("lead", "newsletter"), null));
        data.createContact(HighLevelSimulator.LOCATION_ID, contactFields("Edsger", "Dijkstra", "edsger@eindhoven.example", "+31 40 247 9111",
                "TU Eindhoven", List.of(), null));
        String now = Instant.ofEpochMilli(nowMillis).toString();
        data.items().createTask((String) ada.get("id"), null, Map.of("title", "Send the Q3 proposal",
                "body", "Include the engine maintenance plan", "dueDate", Instant.parse(now).plus(Duration.ofDays(3)).toString(),
                "completed", false));
        data.items().createTask((String) grace.get("id"), null, Map.of("title", "Kick-off call",
                "body", "Agree on the compiler milestones", "dueDate", Instant.parse(now).plus(Duration.ofDays(1)).toString(),
                "completed", false));
        data.items().createTask((String) alan.get("id"), null, Map.of("title", "Qualify the lead",
                "dueDate", Instant.parse(now).minus(Duration.ofDays(2)).toString(), "completed", true));
        data.items().createNote((String) ada.get("id"), null, Map.of("body", "Prefers e-mail; decision expected next month.",
                "userId", HighLevelAuth.USER_ID));
        data.items().createNote((String) katherine.get("id"), null, Map.of("body", "Met at the trajectory workshop.",
                "userId", HighLevelAuth.USER_ID));
        Instant start = Instant.parse(now).plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        data.items().addAppointment((String) ada.get("id"), "Proposal review", start, start.plus(Duration.ofMinutes(30)), "booked");
        data.items().addAppointment((String) grace.get("id"), "Kick-off", start.plus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(45)), "confirmed");
    }

    private static Map<String, Object> contactFields(String first, String last, String email, String phone, String company,
                                                     List<String> tags, String businessId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("firstName", first);
        f.put("lastName", last);
        f.put("email", email);
        f.put("phone", phone);
        f.put("companyName", company);
        f.put("tags", tags);
        f.put("source", "sandbox demo");
        if (businessId != null) {
            f.put("businessId", businessId);
        }
        return f;
    }
}
