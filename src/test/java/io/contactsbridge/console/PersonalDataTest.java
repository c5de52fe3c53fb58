package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void eMailAddressesAndPhoneNumbersAreMaskedTimesAndIdsStay() {
        String text = "jane.cooper@example.com called from +1 555-010-2030 at 2026-12-07T11:05:30.123Z about 100008";
        assertThat(PersonalData.mask(text)).doesNotContain("jane.cooper").doesNotContain("555-010")
                .contains("j***@e***.com").contains("***30").contains("2026-12-07T11:05:30.123Z").contains("100008");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPayloadsPersonalFieldsAreMaskedIdsTypesAndTimesAreNot() {
        Map<String, Object> tree = (Map<String, Object>) PersonalData.maskTree(Map.of(
                "id", "c-1", "contactId", "c-2", "type", "ContactCreate", "firstName", "Jane", "email", "jane@example.com",
                "dateUpdated", "2026-12-07T10:00:00Z", "tags", List.of("vip"),
                "payload", Map.of("name", "Acme Corporation", "notes", "call jane@example.com")), null);
        assertThat(tree).containsEntry("id", "c-1").containsEntry("contactId", "c-2").containsEntry("type", "ContactCreate")
                .containsEntry("firstName", "J***").containsEntry("email", "j***").containsEntry("dateUpdated", "2026-12-07T10:00:00Z")
                .containsEntry("tags", List.of("vip"));
        assertThat((Map<String, Object>) tree.get("payload")).containsEntry("name", "A***").containsEntry("notes", "c***");
    }

    @Test
    void deadLettersOfOneCauseShareTheirReason() {
        String a = DeadLetterView.reason("permanent: highlevel answered 422: contact 9f8e7d6c5b4a3f2e1d0c not found for 'Jane'");
        String b = DeadLetterView.reason("permanent: highlevel answered 422: contact 1a2b3c4d5e6f7a8b9c0d not found for 'Bob'");
        assertThat(a).isEqualTo(b).contains("422");
        assertThat(DeadLetterView.reason("timeout after 30000 ms\nstack")).isEqualTo("timeout after # ms");
        assertThat(DeadLetterView.reason(null)).isEqualTo("(no error recorded)");
    }
}
