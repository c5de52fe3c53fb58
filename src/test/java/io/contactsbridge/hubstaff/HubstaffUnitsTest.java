package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.http.QuotaGate;
import io.contactsbridge.connector.http.QuotaPacer;
import io.contactsbridge.connector.mapping.ContactNames;
import org.junit.jupiter.api.Test;

/** The Hubstaff parts that need no bridge: quota, translator, mappings, day sums. */
class HubstaffUnitsTest {
    static final ApiCall CALL = new ApiCall("hubstaff", "Hubstaff", "get-organization");

    @Test
    void aLongRetryAfterFailsCallsAtOnceInsteadOfHoldingThreads() throws Exception {
        HubstaffQuota quota = new HubstaffQuota(new QuotaPacer(1000, 3_600_000), 60_000);
        QuotaGate.Ticket ticket = quota.acquire(null, CALL);
        assertThat(quota.answered(ticket, 429, h -> h.equals("Retry-After") ? "1800" : null)).isEqualTo(1_800_000);
        assertThatThrownBy(() -> quota.acquire(null, CALL)).isInstanceOf(RateLimited.class)
                .satisfies(e -> assertThat(((RateLimited) e).retryAfterMillis()).isGreaterThan(1_700_000));
        assertThat(quota.status()).containsEntry("refused429", 1L);
    }

    @Test
    void aTaskCreateDeliveryIsATodoChangeAndTimersAreNone() {
        HubstaffChangeTranslator translator = new HubstaffChangeTranslator();
        List<CanonicalChange> changes = translator.translate("{\"event\":\"task.create\",\"id\":\"e1\",\"data\":{\"task\":"
                + "{\"id\":42,\"summary\":\"Write\",\"project_id\":7,\"status\":\"active\",\"updated_at\":\"2026-12-07T10:00:00Z\"}}}");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.entity()).isEqualTo(HubstaffEntities.TODO);
            assertThat(c.action()).isEqualTo(CanonicalChange.Action.CREATED);
            assertThat(c.sourceId()).isEqualTo("42");
        });
        assertThat(translator.translate("{\"event\":\"timer.stop\",\"id\":\"e2\"}")).isEmpty();
        assertThatThrownBy(() -> translator.translate("{\"event\":\"task.create\",\"data\":{}}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameRowGivesTheSameEventIdWhetherPolledOrDelivered() {
        Map<String, Object> row = Map.of("id", 5, "summary", "A", "updated_at", "2026-12-07T10:00:00Z");
        assertThat(HubstaffChanges.change(HubstaffEntities.TODO, CanonicalChange.Action.CREATED, "5", row).eventId())
                .isEqualTo(HubstaffChanges.change(HubstaffEntities.TODO, CanonicalChange.Action.CREATED, "5", Map.copyOf(row)).eventId());
    }

    @Test
    void mappingsFollowTheNamingRuleAndTheNoteWording() {
        HubstaffMappings map = new HubstaffMappings(ContactNames.parse(ContactNames.DEFAULT_SUFFIXES));
        assertThat(map.contact(Map.of("name", "Initech LLC", "emails", List.of("a@b.example")), "auto", "hubstaff-client"))
                .containsEntry("companyName", "Initech LLC").containsEntry("email", "a@b.example").doesNotContainKey("firstName");
        assertThat(map.contact(Map.of("name", "Jane Q Cooper"), "auto", "")).containsEntry("lastName", "Cooper");
        Map<String, Object> day = Map.of("tracked", 12000, "projects", List.of("Website"), "members", 4, "date", "2026-12-07");
        assertThat(map.dayNote(day, "Hubstaff: ")).containsEntry("body", "Hubstaff: 3h 20m on Website \u2014 4 members (2026-12-07)");
        assertThat(map.projectTags(day, "project:")).containsEntry("tags", List.of("project:website"));
        assertThat(map.todo(Map.of("title", "T", "dueDate", "2027-01-02T00:00:00Z"), "completed"))
                .containsEntry("summary", "T").containsEntry("due_at", "2027-01-02").containsEntry("status", "completed");
        assertThat(map.contactTask(Map.of("id", 1, "summary", "S", "status", "completed"), "ann@x.example", "ann@x.example=user-7"))
                .containsEntry("title", "S").containsEntry("completed", true).containsEntry("assignedTo", "user-7");
    }

    @Test
    void activitiesAreSummedPerClientAndDay() {
        HubstaffDirectory directory = new HubstaffDirectory();
        directory.rememberProject(Map.of("id", 1, "name", "Website", "client_id", 9));
        directory.rememberProject(Map.of("id", 2, "name", "Internal"));
        Map<String, Map<String, Object>> days = HubstaffActivityDays.sum(List.of(
                Map.of("date", "2026-12-07", "user_id", 1, "project_id", 1, "tracked", 3600),
                Map.of("date", "2026-12-07", "user_id", 2, "project_id", 1, "tracked", 600),
                Map.of("date", "2026-12-07", "user_id", 2, "project_id", 2, "tracked", 600)), directory);
        assertThat(days).containsOnlyKeys("9:2026-12-07");
        assertThat(days.get("9:2026-12-07")).containsEntry("tracked", 4200L).containsEntry("members", 2);
    }
}
