package io.contactsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.connector.Trigger;
import io.contactsbridge.connector.http.ApiOperation;
import org.junit.jupiter.api.Test;

/** {@code catalog}: every connector's operations and triggers, from the connectors themselves. */
class CatalogCommandTest {

    private static String run(String... options) throws Exception {
        CatalogCommand command = new CatalogCommand();
        command.json = List.of(options).contains("--json");
        command.markdown = List.of(options).contains("--markdown");
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.call()).isZero();
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonListsEveryOperationAndTriggerOfEveryConnector() throws Exception {
        Map<String, Object> catalog = new ObjectMapper().readValue(run("--json"), Map.class);
        List<Map<String, Object>> connectors = (List<Map<String, Object>>) catalog.get("connectors");
        List<Connector> discovered = Connectors.discover();
        assertThat(connectors).extracting(c -> c.get("id")).containsExactlyElementsOf(
                discovered.stream().map(Connector::id).toList());
        for (Connector c : discovered) {
            Map<String, Object> entry = connectors.stream().filter(x -> x.get("id").equals(c.id())).findFirst().orElseThrow();
            List<Map<String, Object>> ops = (List<Map<String, Object>>) entry.get("operations");
            assertThat(ops).extracting(o -> o.get("endpoint"))
                    .containsExactlyElementsOf(c.operations().stream().map(ApiOperation::endpoint).toList());
            assertThat(ops).allSatisfy(o -> assertThat((List<?>) o.get("params")).isNotNull());
            assertThat((List<?>) entry.get("triggers")).hasSameSizeAs(c.triggers());
        }
        Map<String, Object> hub = connectors.get(0);
        assertThat(hub.get("hub")).isEqualTo(true);
        // the hub's operations are called by their bare operationId, the others' qualified
        assertThat((List<Map<String, Object>>) hub.get("operations")).extracting(o -> o.get("call")).contains("get-contact");
        assertThat(connectors.stream().skip(1).flatMap(c -> ((List<Map<String, Object>>) c.get("operations")).stream())
                .map(o -> (String) o.get("call"))).allMatch(call -> call.contains("."));
    }

    @Test
    void markdownHasATablePerConnectorAndTheTextListingEveryParameter() throws Exception {
        String md = run("--markdown");
        String text = run();
        for (Connector c : Connectors.discover()) {
            assertThat(md).contains("## " + c.title() + " (`" + c.id() + "`)");
            for (ApiOperation op : c.operations()) {
                String call = c.hub() ? op.operationId() : op.qualifiedName();
                assertThat(md).contains("| `" + call + "` |");
                assertThat(text).contains(call + "  ");
                op.params().forEach(p -> assertThat(text).contains("    " + p.name() + " ("));
            }
            for (Trigger t : c.triggers()) {
                assertThat(md).contains("| " + t.kind() + " | `" + t.id() + "` |");
            }
        }
    }
}
