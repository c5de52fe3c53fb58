package io.contactsbridge.contacts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "Appointments and DND": AppointmentCreate/Update/Delete and ContactDndUpdate as the
 * canonical changes flows read (direct:flow.highlevel.appointment.*, direct:flow.highlevel.contact-dnd.*).
 */
class HighLevelAppointmentAndDndChangesTest {
    private final HighLevelChangeTranslator translator = new HighLevelChangeTranslator();

    private CanonicalChange translate(String event, String type) throws IOException {
        ObjectNode body = HighLevelChangeTranslatorTest.example(event);
        body.put("type", type);
        body.put("webhookId", "wh-" + type);
        return translator.translate(body.toString()).get(0);
    }

    @Test
    void appointmentEventsAreCreatedUpdatedAndDeletedChangesOfTheAppointment() throws IOException {
        for (String[] row : new String[][] {{"AppointmentCreate", "created"}, {"AppointmentUpdate", "updated"},
                {"AppointmentDelete", "deleted"}}) {
            CanonicalChange c = translate(row[0], row[0]);
            assertThat(c.source()).isEqualTo("highlevel");
            assertThat(c.entity()).isEqualTo(Entity.of("appointment"));
            assertThat(c.action()).isEqualTo(Action.parse(row[1]));
            assertThat(c.sourceId()).isEqualTo("0007BWpSzSwfiuSl0tR2");
            assertThat(c.eventId()).isEqualTo("wh-" + row[0]);
            assertThat(c.fields()).containsEntry("contactId", "9NkT25Vor1v4aQatFsv2").containsEntry("title", "Appointment with GHL Dev team")
                    .containsEntry("startTime", "2023-09-25T16:00:00+05:30").containsEntry("appointmentStatus", "confirmed")
                    .doesNotContainKeys("type", "webhookId", "appointment", HighLevelChangeTranslator.MISSING_FIELDS);
            assertThat(c.sourceUpdatedAt()).isEqualTo(Instant.parse("2023-09-25T10:30:00Z"));
            // the same record key as the webhook's (HighLevelEvents.recordKey): webhook and poll queue together
            assertThat(c.recordKey()).isEqualTo("highlevel:appointment:0007BWpSzSwfiuSl0tR2");
        }
    }

    @Test
    void anAppointmentWithoutItsContactIsKeptAndMarked() throws IOException {
        ObjectNode body = HighLevelChangeTranslatorTest.example("AppointmentCreate");
        ((ObjectNode) body.get("appointment")).remove("contactId");
        CanonicalChange c = translator.translate(body.toString()).get(0);
        assertThat(c.fields()).containsEntry(HighLevelChangeTranslator.MISSING_FIELDS, java.util.List.of("contactId"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void dndUpdateIsItsOwnChangeWithTheChannelsReadable() throws IOException {
        CanonicalChange c = translate("ContactDndUpdate", "ContactDndUpdate");
        assertThat(c.entity()).isEqualTo(Entity.of("contact_dnd"));
        assertThat(c.action()).isEqualTo(Action.UPDATED);
        assertThat(c.sourceId()).isEqualTo("nmFmQEsNgz6AVpgLVUJ0");
        assertThat(c.fields()).containsEntry("dnd", true).containsEntry("email", "JohnDeo@gmail.comm");
        assertThat((Map<String, Object>) c.fields().get(HighLevelChangeTranslator.DND_CHANNELS))
                .containsEntry("all", true).containsEntry("SMS", false).containsEntry("Call", false)
                .containsEntry("Email", true).containsEntry("WhatsApp", true);
        // flows name it either way
        assertThat(Entity.parse("contact-dnd")).isEqualTo(c.entity());
    }
}
