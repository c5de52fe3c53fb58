package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import org.junit.jupiter.api.Test;

/** How a change is compared with what we wrote, to tell our own write's echo from someone's edit. */
class EchoDetectorTest {
    static final Map<String, Object> CREATE_TASK = Map.of("title", "Call back", "completed", false,
            "dueDate", "2026-12-14T19:54:45Z");

    static Map<String, Object> taskCreate(String title) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "t1");
        fields.put("title", title);
        fields.put("dueDate", "2026-12-14T19:54:45.000Z"); // HighLevel's form of the same instant
        fields.put(CanonicalChange.UNREPORTED_FIELDS, List.of("completed"));
        return fields;
    }

    @Test
    void aChangeIsComparedOnTheFieldsItsKindOfEventCarries() {
        assertThat(EchoDetector.coversWhatItReports(taskCreate("Call back"), CREATE_TASK)).isTrue();
        assertThat(EchoDetector.coversWhatItReports(taskCreate("Call later"), CREATE_TASK)).isFalse();
    }

    @Test
    void aFieldMissingFromAnEventThatCarriesItIsADifference() {
        Map<String, Object> cleared = taskCreate("Call back");
        cleared.remove(CanonicalChange.UNREPORTED_FIELDS); // completed is simply not there: cleared, not unreported
        assertThat(EchoDetector.coversWhatItReports(cleared, CREATE_TASK)).isFalse();
    }

    @Test
    void aTaskCompletedIsNotTheEchoOfOurOpenTask() {
        Map<String, Object> completed = taskCreate("Call back");
        completed.remove(CanonicalChange.UNREPORTED_FIELDS);
        completed.put("completed", true);
        assertThat(EchoDetector.coversWhatItReports(completed, CREATE_TASK)).isFalse();
        completed.put("completed", false);
        assertThat(EchoDetector.coversWhatItReports(completed, CREATE_TASK)).isTrue();
    }

    @Test
    void nothingReportedIsNoEcho() {
        Map<String, Object> bare = Map.of("id", "t1", CanonicalChange.UNREPORTED_FIELDS, List.of("title", "completed", "dueDate"));
        assertThat(EchoDetector.coversWhatItReports(bare, CREATE_TASK)).isFalse();
    }
}
