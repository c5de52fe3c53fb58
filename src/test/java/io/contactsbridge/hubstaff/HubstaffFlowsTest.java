package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.contactsbridge.sandbox.hubstaff.HubstaffSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Hubstaff flows in routes/ end to end: Hubstaff simulator -> poll -> bridge -> HighLevel simulator, and back. */
class HubstaffFlowsTest {
    static HubstaffTestSupport t;

    @BeforeAll
    static void start() {
        t = new HubstaffTestSupport(Map.of());
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void aClientBecomesAContactAndAQuietRepollWritesNothing() throws Exception {
        Map<String, Object> client = t.hubstaff.createClient("Umbrella Ltd", "ops@umbrella.example", "+44 20 7946 0000", "1 High St");
        var first = t.poll();
        t.drain();
        System.out.println("POLL " + first + " AUDIT " + t.audit());
        Map<String, Object> contact = t.contactWithEmail("ops@umbrella.example");
        assertThat(contact).isNotNull();
        assertThat(contact.get("companyName")).isEqualTo("Umbrella Ltd");
        assertThat(contact.get("phone")).isNotNull();
        assertThat(String.valueOf(contact.get("tags"))).contains("hubstaff-client");
        int audits = t.audit().size();
        var again = t.poll();
        t.drain();
        assertThat(again.changes()).isZero();
        assertThat(t.audit()).hasSize(audits);
        assertThat(HubstaffSimulator.id(client)).isPositive();
    }
}
