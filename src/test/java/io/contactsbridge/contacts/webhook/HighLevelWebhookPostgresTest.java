package io.contactsbridge.contacts.webhook;

import static io.contactsbridge.contacts.webhook.WebhookKeys.post;
import static io.contactsbridge.testing.BridgeProbe.inbox;
import static io.contactsbridge.testing.BridgeProbe.inboxCount;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The receiver storing into PostgreSQL: accepted events land, and concurrent replays are stored once. */
class HighLevelWebhookPostgresTest {

    @Test
    void storesOnceUnderConcurrentReplaysOnPostgres() throws Exception {
        WebhookKeys keys = new WebhookKeys();
        String url = TestDatabases.freshPostgresSchema();
        try (Bridge bridge = TestBridge.sandbox().with(keys.settings())
                .with("bridge.db.url", url).with("bridge.db.user", TestDatabases.PG_USER).start()) {
            try (var c = bridge.database().dataSource().getConnection()) {
                assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            }
            String id = UUID.randomUUID().toString();
            byte[] body = HighLevelWebhookReceiverTest.event("ContactTagUpdate", id, Instant.now());
            String signature = keys.ghl(body);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> post(bridge, body, "application/json", "X-GHL-Signature", signature).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            pool.shutdown();

            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(inbox(bridge, "highlevel")).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry("event_id", id)
                    .containsEntry("record_key", "highlevel:contact:nmFmQEsNgz6AVpgLVUJ0")
                    .containsEntry("payload", new String(body, StandardCharsets.UTF_8)));

            byte[] stale = HighLevelWebhookReceiverTest.event("ContactUpdate", UUID.randomUUID().toString(),
                    Instant.now().minusSeconds(80 * 60)); // beyond the retry horizon
            assertThat(post(bridge, stale, "application/json", "x-wh-signature", keys.legacyRsa(stale)).statusCode()).isEqualTo(409);
            assertThat(inboxCount(bridge)).isEqualTo(1);
        }
    }
}
