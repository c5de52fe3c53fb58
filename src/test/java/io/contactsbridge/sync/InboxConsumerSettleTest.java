package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * How a worked row is settled: an event whose connection waits for re-authorisation is parked
 * (not dead, its attempt not counted) while a permanent error dead-letters it at once.
 */
class InboxConsumerSettleTest {
    static final ApiCall CALL = new ApiCall("highlevel", "HighLevel", "oauth-token");

    @Test
    void eventsWaitWhileReauthorisationIsPendingAndPermanentErrorsDie() throws Exception {
        Map<String, String> values = Map.of(Database.URL, "jdbc:h2:file:"
                + TestBridge.tempDir().resolve("settle").toAbsolutePath(), Database.USER, "sa");
        Settings settings = new Settings(k -> Optional.ofNullable(values.get(k)));
        try (Database db = Database.open(settings); DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(InboxConsumer.ROUTER).process(e -> {
                        CanonicalChange change = e.getProperty(InboxConsumer.CHANGE_PROPERTY, CanonicalChange.class);
                        throw "waits".equals(change.sourceId())
                                ? new ReauthorizationRequired(CALL, "the refresh token was refused (invalid_grant)")
                                : new Invalid(CALL, 422, "bad phone");
                    });
                }
            });
            context.start();
            Inbox inbox = new Inbox(db.dataSource());
            for (String id : new String[] {"waits", "broken"}) {
                CanonicalChange c = new CanonicalChange("test", CanonicalChange.Entity.of("client"),
                        CanonicalChange.Action.CREATED, id, Map.of("name", id), Instant.now(), null);
                inbox.store(c.source(), c.eventId(), c.recordKey(), Inbox.KIND_CHANGE, SyncJson.toJson(c));
            }
            InboxQueue queue = new InboxQueue(db.dataSource(), "worker");
            InboxConsumer consumer = new InboxConsumer(context, queue, SyncSettings.of(settings, "highlevel"), new SyncMetrics());
            consumer.claim().forEach(consumer::handle);

            Map<String, Object> waiting = queue.rows(InboxQueue.RETRY).get(0);
            assertThat(waiting.get("eventId")).asString().contains("waits");
            assertThat(waiting.get("attempts")).as("waiting does not use up attempts").isEqualTo(0);
            assertThat(waiting.get("lastError")).asString().contains("re-authorisation");
            assertThat(queue.rows(InboxQueue.DEAD)).singleElement()
                    .satisfies(r -> assertThat(r.get("eventId")).asString().contains("broken"));
            assertThat(consumer.inFlight()).isZero();
        }
    }
}
