package io.contactsbridge.contacts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.testing.VendorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The translator against the vendor's own example bodies (the vendor copy in
 * src/test/resources/vendor/highlevel/webhook-events).
 */
class HighLevelChangeTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "highlevel/webhook-events/";

    private final HighLevelChangeTranslator translator = new HighLevelChangeTranslator();

    /** The example body of a vendor event file, with a webhookId added as real deliveries carry one. */
    static ObjectNode example(String event) throws IOException {
        ObjectNode file = (ObjectNode) JSON.readTree(VendorFiles.text(EVENTS + event + ".json"));
        return (ObjectNode) file.get("example").deepCopy();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ContactCreate,    contact, created,   nmFmQEsNgz6AVpgLVUJ0",
            "ContactUpdate,    contact, updated,   nmFmQEsNgz6AVpgLVUJ0",
            "ContactDelete,    contact, deleted,   nmFmQEsNgz6AVpgLVUJ0",
            "ContactDndUpdate, contact_dnd, updated, nmFmQEsNgz6AVpgLVUJ0",
            "ContactTagUpdate, tag,     updated,   nmFmQEsNgz6AVpgLVUJ0",
            "TaskCreate,       task,    created,   UlRWGLSXh0ji5qbiGu4i",
            "TaskComplete,     task,    completed, 5HrB1IbmnKMBXloldFuP",
            "TaskDelete,       task,    deleted,   UlRWGLSXh0ji5qbiGu4i",
            "NoteCreate,       note,    created,   otg8dTQqGLh3Q6iQI55w",
            "NoteUpdate,       note,    updated,   otg8dTQqGLh3Q6iQI55w",
            "NoteDelete,       note,    deleted,   otg8dTQqGLh3Q6iQI55w",
            "AppointmentCreate, appointment, created, 0007BWpSzSwfiuSl0tR2",
    })
    void translatesEveryDocumentedExample(String event, String entity, String action, String sourceId) throws IOException {
        ObjectNode body = example(event);
        body.put("webhookId", "wh-" + event);
        List<CanonicalChange> changes = translator.translate(body.toString());

        assertThat(changes).hasSize(1);
        CanonicalChange c = changes.get(0);
        assertThat(c.source()).isEqualTo("highlevel");
        assertThat(c.entity()).isEqualTo(Entity.parse(entity));
        assertThat(c.action()).isEqualTo(Action.parse(action));
        assertThat(c.sourceId()).isEqualTo(sourceId);
        assertThat(c.eventId()).isEqualTo("wh-" + event);
        assertThat(c.fields()).doesNotContainKeys("type", "webhookId", "timestamp", HighLevelChangeTranslator.MISSING_FIELDS);
    }

    @Test
    void contactFieldsAreTheContactAsSent() throws IOException {
        CanonicalChange c = translator.translate(example("ContactCreate").toString()).get(0);
        assertThat(c.fields()).containsEntry("email", "JohnDeo@gmail.comm")
                .containsEntry("firstName", "John")
                .containsEntry("locationId", "ve9EPM428h8vShlRW1KT")
                .containsEntry("tags", List.of("id magna sed Lorem", "Duis dolor commodo aliqua"))
                .containsEntry("customFields", List.of(Map.of("id", "BcdmQEsNgz6AVpgLVUJ0", "value", "XYZ Corp")));
        // a creation without dateUpdated or timestamp is as new as its dateAdded
        assertThat(c.sourceUpdatedAt()).isEqualTo(Instant.parse("2021-11-26T12:41:02.193Z"));
    }

    @Test
    void updatedAtPrefersDateUpdatedThenTimestamp() throws IOException {
        ObjectNode delete = example("ContactDelete");
        // a deletion is not as old as the contact's dateAdded: without a time it has none
        assertThat(translator.translate(delete.toString()).get(0).sourceUpdatedAt()).isNull();
        delete.put("timestamp", "2025-01-28T14:35:00.000Z");
        assertThat(translator.translate(delete.toString()).get(0).sourceUpdatedAt())
                .isEqualTo(Instant.parse("2025-01-28T14:35:00Z"));

        CanonicalChange appointment = translator.translate(example("AppointmentCreate").toString()).get(0);
        assertThat(appointment.sourceUpdatedAt()).isEqualTo(Instant.parse("2023-09-25T10:30:00Z"));
    }

    @Test
    void appointmentFieldsComeFromTheAppointmentObject() throws IOException {
        CanonicalChange c = translator.translate(example("AppointmentCreate").toString()).get(0);
        assertThat(c.fields()).containsEntry("contactId", "9NkT25Vor1v4aQatFsv2")
                .containsEntry("calendarId", "BqTwX8QFwXzpegMve9EQ")
                .doesNotContainKey("appointment");
    }

    @Test
    void appointmentExamplesAreActedOnByTheTypeTheyCarry() throws IOException {
        // the docs' AppointmentUpdate/Delete examples say "type":"AppointmentCreate" (api-notes)
        assertThat(translator.translate(example("AppointmentUpdate").toString()).get(0).action()).isEqualTo(Action.CREATED);
        ObjectNode update = example("AppointmentUpdate");
        update.put("type", "AppointmentUpdate");
        assertThat(translator.translate(update.toString()).get(0).action()).isEqualTo(Action.UPDATED);
        ObjectNode delete = example("AppointmentDelete");
        delete.put("type", "AppointmentDelete");
        assertThat(translator.translate(delete.toString()).get(0).action()).isEqualTo(Action.DELETED);
    }

    @Test
    void taskCreateWithoutContactIdIsKeptAndMarked() throws IOException {
        ObjectNode task = example("TaskCreate");
        task.remove("contactId");
        CanonicalChange c = translator.translate(task.toString()).get(0);
        assertThat(c.entity()).isEqualTo(Entity.of("task"));
        assertThat(c.sourceId()).isEqualTo("UlRWGLSXh0ji5qbiGu4i");
        assertThat(c.fields()).containsEntry(HighLevelChangeTranslator.MISSING_FIELDS, List.of("contactId"))
                .containsEntry("title", "Loram ipsum");
    }

    @Test
    void taskCompleteSaysCompletedByItsTypeAndTaskCreateListsCompletedAsNotCarried() throws IOException {
        CanonicalChange complete = translator.translate(example("TaskComplete").toString()).get(0);
        assertThat(complete.action()).isEqualTo(Action.COMPLETED);
        assertThat(complete.fields()).containsEntry("completed", true).doesNotContainKey(CanonicalChange.UNREPORTED_FIELDS);
        CanonicalChange create = translator.translate(example("TaskCreate").toString()).get(0);
        assertThat(create.fields()).doesNotContainKey("completed")
                .containsEntry(CanonicalChange.UNREPORTED_FIELDS, List.of("completed"));
    }

    @Test
    void eventIdWithoutWebhookIdIsTheBodyHashAsTheReceiverStoresIt() throws IOException {
        String body = example("NoteCreate").toString();
        CanonicalChange c = translator.translate(body).get(0);
        assertThat(c.eventId()).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(c.eventId()).isEqualTo(HighLevelEvents.eventId((ObjectNode) JSON.readTree(body), body));
        assertThat(translator.translate(body + " ").get(0).eventId()).isNotEqualTo(c.eventId());
    }

    @Test
    void unknownTypesGiveNoChange() {
        assertThat(translator.translate("{\"type\":\"OpportunityCreate\",\"id\":\"x\",\"contactId\":\"c\"}")).isEmpty();
        assertThat(translator.translate("{\"type\":\"ContactCreated\",\"id\":\"x\"}")).isEmpty();
    }

    @Test
    void bodiesThatCannotBeUnderstoodArePermanentErrors() {
        assertThatThrownBy(() -> translator.translate("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> translator.translate("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> translator.translate("{\"type\":\"ContactUpdate\",\"email\":\"a@b.c\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without an id");
        assertThatThrownBy(() -> translator.translate("{\"type\":\"AppointmentCreate\",\"appointment\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appointment object");
    }

    @Test
    void recordKeysGroupAContactsEvents() throws IOException {
        assertThat(key("ContactUpdate")).isEqualTo("highlevel:contact:nmFmQEsNgz6AVpgLVUJ0");
        assertThat(key("ContactTagUpdate")).isEqualTo("highlevel:contact:nmFmQEsNgz6AVpgLVUJ0");
        assertThat(key("TaskCreate")).isEqualTo("highlevel:contact:CWBf1PR9LvvBkcYqiXlc");
        assertThat(key("NoteDelete")).isEqualTo("highlevel:contact:CWBf1PR9LvvBkcYqiXlc");
        // an appointment queues by its own id, as its polled changes do
        assertThat(key("AppointmentCreate")).isEqualTo("highlevel:appointment:0007BWpSzSwfiuSl0tR2");
        ObjectNode task = example("TaskCreate");
        task.remove("contactId");
        assertThat(HighLevelEvents.recordKey(HighLevelEventType.of("TaskCreate"), task)).isEqualTo("highlevel:task:UlRWGLSXh0ji5qbiGu4i");
        ObjectNode other = (ObjectNode) JSON.readTree("{\"type\":\"OpportunityCreate\",\"contactId\":\"c1\"}");
        assertThat(HighLevelEvents.recordKey(HighLevelEventType.of("OpportunityCreate"), other)).isEqualTo("highlevel:contact:c1");
        assertThat(HighLevelEvents.recordKey(HighLevelEventType.of("X"), (ObjectNode) JSON.readTree("{}"))).isNull();
    }

    private static String key(String event) throws IOException {
        ObjectNode body = example(event);
        return HighLevelEvents.recordKey(HighLevelEventType.of(body.get("type").asText()), body);
    }
}
