package io.contactsbridge.testing;

import java.util.List;
import java.util.Optional;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CheckResult;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.contacts.HighLevelConnector;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The hub connector for sync-core tests: HighLevel's composite operations and record operations,
 * over test doubles of the Contacts API operation routes instead of HTTP (no settings, no webhooks,
 * no polls).
 */
public final class FakeHub implements Connector {
    private final HighLevelConnector real = new HighLevelConnector();
    private final RoutesBuilder operations;

    /** @param operations the test double serving {@code direct:contacts.<operationId>} */
    public FakeHub(RoutesBuilder operations) {
        this.operations = operations;
    }

    @Override
    public String id() {
        return real.id();
    }

    @Override
    public String title() {
        return real.title();
    }

    @Override
    public boolean hub() {
        return true;
    }

    @Override
    public List<String> secretKeys() {
        return List.of();
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return List.of();
    }

    @Override
    public List<ApiOperation> operations() {
        return real.operations();
    }

    @Override
    public List<RoutesBuilder> operationRoutes(Settings settings) {
        return List.of(operations);
    }

    @Override
    public List<RoutesBuilder> serviceRoutes(Settings settings) {
        return real.serviceRoutes(settings);
    }

    @Override
    public Optional<WebhookPolicy> webhookPolicy(Settings settings) {
        return Optional.empty();
    }

    @Override
    public List<SourcePoller> pollers(CamelContext context, Settings settings) {
        return List.of();
    }

    @Override
    public List<RecordOperations> recordOperations() {
        return real.recordOperations();
    }

    @Override
    public CheckResult check(CamelContext context) {
        return CheckResult.ok("test double");
    }
}
