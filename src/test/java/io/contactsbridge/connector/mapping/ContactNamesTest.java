package io.contactsbridge.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import org.junit.jupiter.api.Test;

class ContactNamesTest {
    final ContactNames names = ContactNames.parse(ContactNames.DEFAULT_SUFFIXES);

    @Test
    void companiesGoToCompanyNameOnly() {
        assertThat(names.fields("Globex Ltd", "auto")).isEqualTo(Map.of("companyName", "Globex Ltd"));
        assertThat(names.fields("Acme Corporation", "auto")).isEqualTo(Map.of("companyName", "Acme Corporation"));
        assertThat(names.fields("Initech GmbH", "auto")).isEqualTo(Map.of("companyName", "Initech GmbH"));
        assertThat(names.fields("Wayne  Enterprises Pty", "auto")).isEqualTo(Map.of("companyName", "Wayne Enterprises Pty"));
    }

    @Test
    void peopleAreSplitAtTheLastSpace() {
        assertThat(names.fields("Mary Ann Smith", "auto")).isEqualTo(Map.of("firstName", "Mary Ann", "lastName", "Smith"));
        assertThat(names.fields("Prince", "auto")).isEqualTo(Map.of("firstName", "Prince"));
        assertThat(names.fields("  ", "auto")).isEmpty();
    }

    @Test
    void theSuffixListComesFromConfiguration() {
        ContactNames configured = ContactNames.of(new Settings(key -> key.equals(ContactNames.SUFFIXES_KEY)
                ? Optional.of("Kft, Zrt") : Optional.empty()));
        assertThat(configured.fields("Budapest Kft", "auto")).containsOnlyKeys("companyName");
        assertThat(configured.fields("Globex Ltd", "auto")).containsOnlyKeys("firstName", "lastName");
        assertThat(configured.fields("Globex Ltd", "company")).containsOnlyKeys("companyName");
    }
}
