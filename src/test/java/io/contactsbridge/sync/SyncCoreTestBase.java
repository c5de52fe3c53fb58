package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.FakeHub;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real in-process bridge with the sync core, fake Contacts API operation routes and test flows. */
abstract class SyncCoreTestBase {
    static final String ADMIN_TOKEN = "test-admin-token-1234";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    Bridge bridge;
    FakeContactsApi api;
    Inbox inbox;
    SyncAudit audit;
    SyncLinks links;
    InboxQueue queue;

    /** The JDBC URL of a fresh store for this test. */
    abstract String dbUrl();

    Map<String, String> extraSettings() {
        return Map.of();
    }

    @BeforeEach
    void startBridge() throws Exception {
        api = new FakeContactsApi();
        TestBridge tb = TestBridge.of(Bridge.Mode.RUN).connectors(List.of(new FakeHub(api)))
                .with("bridge.admin-token", ADMIN_TOKEN)
                .with("bridge.inbox.poll-interval-ms", "50")
                .with("bridge.inbox.retry-base-ms", "100")
                .with("bridge.inbox.retry-max-ms", "500")
                .with("bridge.inbox.max-attempts", "4")
                .with(extraSettings());
        String url = dbUrl();
        if (url != null) {
            tb.with("bridge.db.url", url).with("bridge.db.user", io.contactsbridge.testing.TestDatabases.PG_USER);
        }
        bridge = tb.start();
        CamelContext context = bridge.context();
        for (String flow : List.of("flows/test-client-to-contact.yaml", "flows/test-contact-to-client.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "classpath:" + flow));
        }
        var ds = bridge.database().dataSource();
        inbox = new Inbox(ds);
        audit = new SyncAudit(ds);
        links = new SyncLinks(ds, "highlevel");
        queue = context.getRegistry().lookupByNameAndType(SyncCore.QUEUE_BEAN, InboxQueue.class);
    }

    @AfterEach
    void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static CanonicalChange client(String id, Map<String, Object> fields, Instant updatedAt) {
        return new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.UPDATED, id, fields,
                updatedAt, null);
    }

    Inbox.Stored deliver(CanonicalChange change) {
        return inbox.store(change.source(), change.eventId(), change.recordKey(), Inbox.KIND_CHANGE,
                SyncJson.toJson(change));
    }

    /** Waits until the inbox has nothing left to do. */
    void awaitInboxSettled() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<String, Long> depth = queue.depthByStatus();
            return depth.get(InboxQueue.NEW) == 0 && depth.get(InboxQueue.RETRY) == 0;
        });
    }

    void awaitStatus(String source, String eventId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(queue.status(source, eventId)));
    }

    List<String> outcomes(String source, String sourceId) {
        return audit.forRecord(source, "client", sourceId).stream().map(SyncAudit.Entry::outcome).toList();
    }

    HttpResponse<String> http(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertJson(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }
}
