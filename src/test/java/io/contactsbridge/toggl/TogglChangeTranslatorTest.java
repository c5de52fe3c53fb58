package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.CanonicalChange;
import org.junit.jupiter.api.Test;

class TogglChangeTranslatorTest {
    final TogglChangeTranslator translator = new TogglChangeTranslator();

    @Test
    void everyModelAndActionBecomesACanonicalChange() {
        Map<String, Entity> models = Map.of("client", Entity.of("client"), "project", Entity.of("project"), "task", Entity.of("task"),
                "time_entry", Entity.of("time_entry"), "workspace", Entity.of("workspace"), "tag", Entity.of("tag"),
                "project_user", Entity.of("project_user"));
        long eventId = 1;
        for (var model : models.entrySet()) {
            for (String action : List.of("created", "updated", "deleted")) {
                String deleted = action.equals("deleted") ? ",\"server_deleted_at\":\"2026-01-02T00:00:05+00:00\"" : "";
                List<CanonicalChange> changes = translator.translate(TogglConnectorTest.event(eventId++, model.getKey(), action,
                        "{\"id\":42,\"name\":\"n\",\"at\":\"2026-01-02T00:00:00+00:00\"" + deleted + "}"));
                assertThat(changes).singleElement().satisfies(c -> {
                    assertThat(c.source()).isEqualTo("toggl");
                    assertThat(c.entity()).isEqualTo(model.getValue());
                    assertThat(c.action()).isEqualTo(Action.parse(action));
                    assertThat(c.sourceId()).isEqualTo("42");
                    assertThat(c.sourceUpdatedAt()).isEqualTo(action.equals("deleted")
                            ? Instant.parse("2026-01-02T00:00:05Z") : Instant.parse("2026-01-02T00:00:00Z"));
                    assertThat(c.fields()).containsEntry("name", "n");
                });
            }
        }
    }

    @Test
    void pingsAndModelsNoFlowNeedsGiveNoChange_garbageIsRefused() {
        assertThat(translator.translate("{\"event_id\":0,\"payload\":\"ping\"}")).isEmpty();
        assertThat(translator.translate(TogglConnectorTest.event(5, "project_group", "created", "{\"id\":1}"))).isEmpty();
        assertThatThrownBy(() -> translator.translate("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> translator.translate("{oops")).isInstanceOf(IllegalArgumentException.class);
        // an action no flow syncs is stored by the receiver (lose nothing) and gives no change
        assertThat(translator.translate(TogglConnectorTest.event(6, "client", "exploded", "{\"id\":1}"))).isEmpty();
        assertThatThrownBy(() -> translator.translate(TogglConnectorTest.event(7, "client", "created", "\"text\"")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWebhookAndAPollOfTheSameVersionShareTheEventId_twoVersionsInOneSecondDoNot() {
        Map<String, Object> row = new LinkedHashMap<>(Map.of("id", 7, "name", "Acme", "at", "2026-01-02T00:00:00+00:00",
                "wid", 1000, "archived", false));
        CanonicalChange fromWebhook = translator.translate(TogglConnectorTest.event(9, "client", "updated",
                "{\"id\":7,\"name\":\"Acme\",\"at\":\"2026-01-02T00:00:00+00:00\",\"wid\":1000,\"archived\":false}")).get(0);
        CanonicalChange fromPoll = TogglChanges.change(Entity.of("client"), Action.UPDATED, row);
        assertThat(fromWebhook.eventId()).isEqualTo(fromPoll.eventId());
        row.put("name", "Acme Ltd"); // same second, other content
        assertThat(TogglChanges.change(Entity.of("client"), Action.UPDATED, row).eventId()).isNotEqualTo(fromPoll.eventId());
    }

    @Test
    void watermarksRoundTripAndPollActionsComeFromTheRow() {
        Map<String, Long> marks = TogglPoller.parseWatermark("clients=10;projects=20;junk;tasks=x;time_entries=40");
        assertThat(marks).containsEntry("clients", 10L).containsEntry("projects", 20L).containsEntry("time_entries", 40L)
                .doesNotContainKey("tasks");
        assertThat(TogglPoller.formatWatermark(marks)).isEqualTo("clients=10;projects=20;time_entries=40");
        assertThat(TogglPoller.formatWatermark(Map.of())).isNull();
        assertThat(TogglPoller.action(Map.of("server_deleted_at", "2026-01-01T00:00:00+00:00"))).isEqualTo(Action.DELETED);
        assertThat(TogglPoller.action(Map.of("created_at", "2026-01-01T00:00:00+00:00", "at", "2026-01-01T00:00:00+00:00")))
                .isEqualTo(Action.CREATED);
        assertThat(TogglPoller.action(Map.of("at", "2026-01-01T00:00:00+00:00"))).isEqualTo(Action.UPDATED);
    }

    @Test
    void operationsNameTheirPathParametersLikeTheSpec() {
        io.contactsbridge.connector.http.ApiOperation op = TogglOperations.all().stream()
                .filter(o -> o.operationId().equals("update-task")).findFirst().orElseThrow();
        assertThat(op.pathParams()).extracting(io.contactsbridge.connector.http.ApiOperation.Param::name)
                .containsExactly("workspace_id", "project_id", "task_id");
        assertThat(op.pathParams()).allMatch(p -> p.type().equals("integer"));
        assertThat(TogglOperations.all()).extracting(io.contactsbridge.connector.http.ApiOperation::routeId).doesNotHaveDuplicates()
                .contains("toggl.create-client", "toggl.update-client", "toggl.archive-client", "toggl.create-task",
                        "toggl.update-task", "toggl.create-invitation", "toggl.add-project-member");
    }

    @Test
    void eventsOfAnotherWorkspaceGiveNoChange() {
        TogglChangeTranslator scoped = new TogglChangeTranslator(1000L);
        String ours = TogglConnectorTest.event(7, "client", "created", "{\"id\":7,\"wid\":1000,\"name\":\"Ours\"}");
        String theirs = TogglConnectorTest.event(8, "client", "created", "{\"id\":8,\"wid\":1001,\"name\":\"Theirs\"}")
                .replace("\"workspace_id\":\"1000\"", "\"workspace_id\":\"1001\"");
        assertThat(scoped.translate(ours)).hasSize(1);
        assertThat(scoped.translate(theirs)).isEmpty();
        assertThat(new TogglChangeTranslator().translate(theirs)).hasSize(1);
        String workspace = TogglConnectorTest.event(9, "workspace", "created", "{\"id\":1777,\"name\":\"New\"}")
                .replace("\"workspace_id\":\"1000\"", "\"workspace_id\":\"1777\"");
        assertThat(scoped.translate(workspace)).hasSize(1);
    }
}
