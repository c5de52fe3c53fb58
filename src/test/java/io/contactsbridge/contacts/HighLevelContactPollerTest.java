package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.SourcePoller;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The HighLevel contact poll against a test double of search-contacts-advanced. */
class HighLevelContactPollerTest {

    @Test
    @SuppressWarnings("unchecked")
    void pollsByDateUpdatedWithOverlapAndPagesWithSearchAfter() throws Exception {
        List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> contacts = new ArrayList<>();
        Instant base = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < 150; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", "c" + i);
            c.put("email", "c" + i + "@x.test");
            c.put("dateAdded", base.minusSeconds(3600).toString());
            c.put("dateUpdated", base.plusSeconds(i).toString());
            c.put("searchAfter", List.of(base.plusSeconds(i).toEpochMilli(), "c" + i));
            contacts.add(c);
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:contacts.search-contacts-advanced").process(e -> {
                        Map<String, Object> body = e.getMessage().getBody(Map.class);
                        requests.add(body);
                        int from = 0;
                        if (body.get("searchAfter") instanceof List<?> after) {
                            from = Integer.parseInt(after.get(1).toString().substring(1)) + 1;
                        }
                        int limit = (Integer) body.get("pageLimit");
                        e.getMessage().setBody(Map.of("contacts", contacts.subList(from, Math.min(contacts.size(), from + limit)),
                                "total", contacts.size()));
                    });
                }
            });
            context.start();
            HighLevelContactPoller poller = new HighLevelContactPoller(new io.contactsbridge.connector.http.Operations(context, "highlevel", "HighLevel", "contacts"));

            SourcePoller.Result first = poller.poll(null);
            assertThat(first.changes()).isEmpty();
            assertThat(requests).isEmpty(); // the first poll only sets the starting point

            SourcePoller.Result r = poller.poll(base.toString());
            assertThat(r.changes()).hasSize(150);
            assertThat(r.changes().get(0).eventId()).isEqualTo("highlevel:contact:c0:" + base);
            assertThat(r.changes().get(0).fields()).doesNotContainKey("searchAfter");
            assertThat(r.nextWatermark()).isEqualTo(base.plusSeconds(149).toString());
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0).toString()).contains("gte=" + base.minus(HighLevelContactPoller.OVERLAP));
            assertThat(requests.get(1).get("searchAfter")).isEqualTo(List.of(base.plusSeconds(99).toEpochMilli(), "c99"));
        }
    }

    @Test
    void theDocumentedSwitchTurnsThePollOff() throws Exception {
        // the key users set (BRIDGE_POLL_HIGHLEVEL_CONTACTS) is the one the connector reads
        assertThat(Files.readString(Path.of("application.properties"))).contains(HighLevelConnector.POLL_CONTACTS + " = ");
        Settings off = new Settings(key -> Optional.ofNullable(Map.of(HighLevelConnector.POLL_CONTACTS, "false").get(key)));
        assertThat(new HighLevelConnector().pollers(null, off)).isEmpty();
    }
}
