package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class TogglMappingsTest {
    final TogglMappings map = new TogglMappings();

    @Test
    void clientNameBecomesAPersonOrACompanyByTheRule() {
        assertThat(map.contact(Map.of("name", "Jane Cooper"), "auto", "toggl-client"))
                .containsEntry("firstName", "Jane").containsEntry("lastName", "Cooper").containsEntry("tags", List.of("toggl-client"))
                .doesNotContainKey("companyName");
        assertThat(map.contact(Map.of("name", "Acme Ltd"), "auto", "")).containsEntry("companyName", "Acme Ltd").doesNotContainKey("name")
                .doesNotContainKeys("firstName", "tags");
        assertThat(map.contact(Map.of("name", "Jane Cooper"), "company", "a, b")).containsEntry("companyName", "Jane Cooper")
                .containsEntry("tags", List.of("a", "b"));
        assertThat(map.contact(Map.of("name", "Acme Ltd"), "person", null)).containsEntry("firstName", "Acme")
                .containsEntry("lastName", "Ltd");
        assertThat(map.contact(Map.of("name", "Prince"), "auto", null)).containsEntry("firstName", "Prince").doesNotContainKey("lastName");
        assertThatThrownBy(() -> map.contact(Map.of("name", "x"), "nickname", null)).hasMessageContaining("auto, person or company");
    }

    @Test
    void theFlowsMappingChoosesTheFieldsAClientFills() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("mapName", "company");
        exchange.setProperty("mapEmail", "notes");
        exchange.setProperty("mapTags", "toggl-client, vip");
        exchange.setProperty("mapCustomFields", "toggl_client_id=id, toggl_workspace=wid");
        Map<String, Object> client = Map.of("id", 4711L, "wid", 1000L, "name", "Jane Cooper",
                "notes", "Billing: Jane.Cooper@Example.com, phone later");
        assertThat(map.contactFields(client, exchange)).containsEntry("companyName", "Jane Cooper")
                .containsEntry("email", "jane.cooper@example.com").containsEntry("tags", List.of("toggl-client", "vip"))
                .containsEntry("customFields", List.of(Map.of("key", "toggl_client_id", "field_value", "4711"),
                        Map.of("key", "toggl_workspace", "field_value", "1000")));

        exchange.setProperty("mapEmail", "none");
        exchange.setProperty("mapCustomFields", "");
        exchange.setProperty("mapName", "auto");
        assertThat(map.contactFields(client, exchange)).containsEntry("firstName", "Jane").doesNotContainKeys("email", "customFields");
        assertThat(map.contactFields(Map.of("name", "Acme Ltd", "notes", "no address here"), null))
                .containsEntry("companyName", "Acme Ltd").doesNotContainKey("email");
        exchange.setProperty("mapCustomFields", "broken");
        assertThatThrownBy(() -> map.contactFields(client, exchange)).hasMessageContaining("mapCustomFields");
    }

    @Test
    void theBusinessOfAClientComesFromTheFlowsMapping() {
        Map<String, Object> globex = Map.of("id", 17L, "name", "Globex Ltd");
        Map<String, Object> other = Map.of("id", 18L, "name", "Initech");
        assertThat(TogglMappings.businessFor(globex, "")).isNull();
        assertThat(TogglMappings.businessFor(other, "biz-all")).isEqualTo("biz-all");
        String rule = "globex ltd=biz-globex, 18=biz-initech";
        assertThat(TogglMappings.businessFor(globex, rule)).as("by name, without case").isEqualTo("biz-globex");
        assertThat(TogglMappings.businessFor(other, rule)).as("by id").isEqualTo("biz-initech");
        assertThat(TogglMappings.businessFor(Map.of("id", 19L, "name", "Hooli"), rule)).isNull();
        assertThat(TogglMappings.businessFor(Map.of("id", 19L, "name", "Hooli"), rule + ", *=biz-rest")).isEqualTo("biz-rest");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("mapBusinessId", "Globex Ltd=biz-globex");
        assertThat(new TogglMappings().contactFields(new java.util.HashMap<>(globex), exchange))
                .containsEntry("businessId", "biz-globex");
        exchange.setProperty("mapBusinessId", "Globex Ltd=");
        assertThatThrownBy(() -> new TogglMappings().contactFields(new java.util.HashMap<>(globex), exchange))
                .hasMessageContaining("mapBusinessId");
    }

    @Test
    void timeEntryNoteReadsLikeAHistoryLine() {
        assertThat(map.duration(8100)).isEqualTo("2h 15m");
        assertThat(map.duration(3600)).isEqualTo("1h");
        assertThat(map.duration(2700L)).isEqualTo("45m");
        assertThat(map.duration(-1700000000)).isEqualTo("running");
        assertThat(map.timeEntryNote(Map.of("duration", 8100, "description", "Homepage wireframes",
                "start", "2026-01-09T10:00:00+00:00"), "Project X"))
                .containsEntry("body", "2h 15m on Project X \u2014 Homepage wireframes (2026-01-09)");
        assertThat(map.timeEntryNote(Map.of("duration", 60), null)).containsEntry("body", "1m");
    }

    @Test
    void contactsAndTasksTheOtherWay() {
        assertThat(map.client(Map.of("companyName", "Acme", "firstName", "Jo"))).containsEntry("name", "Acme");
        assertThat(map.client(Map.of("firstName", "Jo", "lastName", "Doe"))).containsEntry("name", "Jo Doe");
        assertThat(map.client(Map.of("email", "jo@example.com"))).containsEntry("name", "jo@example.com");
        assertThat(map.client(Map.of())).isEmpty();
        assertThat(map.task(Map.of("title", "Call back", "completed", true))).containsEntry("name", "Call back")
                .containsEntry("active", false);
        // a TaskCreate webhook does not carry completed: the Toggl task's state is not touched
        assertThat(map.task(Map.of("title", "Call back"))).containsOnlyKeys("name");
        assertThat(map.hasTag(Map.of("tags", List.of("Toggl", "vip")), "toggl")).isTrue();
        assertThat(map.hasTag(Map.of("tags", List.of("vip")), "toggl")).isFalse();
        assertThat(map.projectTags(Map.of("name", "Website"), "project:")).containsEntry("tags", List.of("project:website"));
    }
}
