package io.contactsbridge.hubstaff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.testing.VendorFiles;
import org.junit.jupiter.api.Test;

/**
 * Every Hubstaff operation route against the curated OpenAPI (vendor/hubstaff): its method and path
 * exist, and each of its path and query parameters is one the reference names for that operation.
 */
class HubstaffOperationsSpecTest {

    @Test
    void everyOperationIsInTheReferenceWithItsParameters() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(VendorFiles.text("hubstaff/hubstaff-openapi.yml"));
        List<String> problems = new ArrayList<>();
        for (ApiOperation op : HubstaffOperations.all()) {
            JsonNode operation = spec.path("paths").path("/v2" + op.path()).path(op.method().toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                problems.add(op.operationId() + ": " + op.method() + " /v2" + op.path() + " is not in the reference");
                continue;
            }
            List<String> named = new ArrayList<>();
            operation.path("parameters").forEach(p -> named.add(p.path("name").asText()));
            for (ApiOperation.Param p : op.params()) {
                if (p.in() != ApiOperation.In.HEADER && !named.contains(p.name())) {
                    problems.add(op.operationId() + ": parameter " + p.name() + " is not in the reference " + named);
                }
            }
            if (op.hasBody() != operation.has("requestBody")) {
                problems.add(op.operationId() + ": body " + op.hasBody() + " but the reference says " + operation.has("requestBody"));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(HubstaffOperations.all()).extracting(ApiOperation::operationId)
                .contains("list-clients", "list-projects", "list-members", "list-tasks", "create-task", "update-task",
                        "list-daily-activities", "create-webhook", "activate-webhook", "get-webhook", "delete-webhook");
    }
}
