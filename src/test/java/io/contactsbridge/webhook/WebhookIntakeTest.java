package io.contactsbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.webhook.WebhookEvent;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookRequest;
import io.contactsbridge.connector.webhook.WebhookText;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.testing.TestBridge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared intake with a policy shaped like another connector's (an HMAC signature header, a
 * PING answered without storing): what every receiver gets without writing it again.
 */
class WebhookIntakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "test-secret";

    /** Signature {@code X-Test-Signature: sha256=<hex HMAC>}; event id {@code id}; {@code kind: "ping"} answers pong. */
    static final class HmacHandler implements WebhookPolicy {
        RuntimeException failWith;

        @Override
        public String source() {
            return "testsource";
        }

        @Override
        public void verify(WebhookRequest request) {
            String header = request.header("X-Test-Signature");
            if (header == null) {
                throw WebhookRejection.unauthorized("signature_missing", "missing X-Test-Signature");
            }
            if (!java.security.MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII),
                    ("sha256=" + hmac(request.body())).getBytes(StandardCharsets.US_ASCII))) {
                throw WebhookRejection.unauthorized("signature_invalid", "X-Test-Signature does not verify");
            }
        }

        @Override
        public WebhookEvent read(WebhookRequest request, ObjectNode body) {
            if (failWith != null) {
                throw failWith;
            }
            if ("ping".equals(body.path("kind").asText())) {
                return WebhookEvent.replyOnly("ping", Map.of("pong", body.path("code").asText()));
            }
            String id = body.path("id").asText("");
            if (id.isEmpty()) {
                throw WebhookRejection.badRequest("invalid_event", "no id");
            }
            return "boring".equals(body.path("kind").asText())
                    ? WebhookEvent.notSynced(id, null, "boring")
                    : WebhookEvent.accepted(id, "testsource:thing:" + id, "thing");
        }
    }

    static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Database database;
    private CamelContext context;
    private MeterRegistry meters;
    private final HmacHandler handler = new HmacHandler();

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("intake").toAbsolutePath();
        database = Database.open(new Settings(k -> java.util.Optional.ofNullable(Map.of(Database.URL, url).get(k))));
        context = new DefaultCamelContext();
        meters = new SimpleMeterRegistry();
        context.getRegistry().bind("metricsRegistry", meters);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private WebhookIntake intake(DataSource dataSource, int maxBytes) {
        return new WebhookIntake(handler, new Inbox(dataSource), maxBytes, new WebhookMetrics(context));
    }

    private Exchange post(WebhookIntake intake, String body, String contentType, boolean signed) {
        Exchange exchange = new DefaultExchange(context);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getMessage().setBody(bytes);
        if (contentType != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (signed) {
            exchange.getMessage().setHeader("X-Test-Signature", "sha256=" + hmac(bytes));
        }
        exchange.getMessage().setHeader("X-Secret-Looking-Header", "do-not-echo");
        intake.process(exchange);
        return exchange;
    }

    private static int status(Exchange e) {
        return e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private static String error(Exchange e) throws Exception {
        return JSON.readTree(e.getMessage().getBody(String.class)).path("error").asText();
    }

    private int rows() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inbox WHERE source = 'testsource'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private double count(String name, String... tags) {
        var search = meters.find(name).tag("source", "testsource");
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptedEventIsStoredAndAnsweredWithJsonOnly() throws Exception {
        WebhookIntake intake = intake(database.dataSource(), 1000);
        Exchange e = post(intake, "{\"id\":\"e1\"}", "application/json", true);
        assertThat(status(e)).isEqualTo(200);
        assertThat(e.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"accepted\"}");
        assertThat(e.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
        assertThat(new Inbox(database.dataSource()).contains("testsource", "e1")).isTrue();
        assertThat(count(WebhookMetrics.ACCEPTED)).isEqualTo(1);

        Exchange again = post(intake, "{\"id\":\"e1\"}", "application/json", true);
        assertThat(status(again)).isEqualTo(409);
        assertThat(error(again)).isEqualTo("duplicate");
        assertThat(rows()).isEqualTo(1);
        assertThat(count(WebhookMetrics.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void checksRunInOrderAndNothingIsStoredOnRefusal() throws Exception {
        WebhookIntake intake = intake(database.dataSource(), 20);
        String big = "{\"id\":\"" + "x".repeat(30) + "\"}";
        assertThat(status(post(intake, big, "text/plain", false))).isEqualTo(413);
        assertThat(status(post(intake, "{bad", "text/plain", false))).isEqualTo(415);
        assertThat(status(post(intake, "{bad", "application/json", false))).isEqualTo(401);
        assertThat(status(post(intake, "{bad", "application/json", true))).isEqualTo(400);
        assertThat(status(post(intake, "{}", "application/json", true))).isEqualTo(400);
        assertThat(rows()).isZero();
        assertThat(count(WebhookMetrics.REJECTED, "reason", "body_too_large")).isEqualTo(1);
        assertThat(count(WebhookMetrics.REJECTED, "reason", "unsupported_media_type")).isEqualTo(1);
        assertThat(count(WebhookMetrics.REJECTED, "reason", "signature_missing")).isEqualTo(1);
        assertThat(count(WebhookMetrics.REJECTED, "reason", "malformed_json")).isEqualTo(1);
        assertThat(count(WebhookMetrics.REJECTED, "reason", "invalid_event")).isEqualTo(1);
    }

    @Test
    void declaredContentLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
        WebhookIntake intake = intake(database.dataSource(), 100);
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, "5000");
        exchange.getMessage().setBody(new byte[10]);
        intake.process(exchange);
        assertThat(status(exchange)).isEqualTo(413);

        Exchange garbled = new DefaultExchange(context);
        garbled.getMessage().setHeader(Exchange.CONTENT_LENGTH, "lots");
        garbled.getMessage().setBody(new byte[150]);
        intake.process(garbled);
        assertThat(status(garbled)).isEqualTo(413);
    }

    @Test
    void handshakeIsAnsweredWithoutStoring() throws Exception {
        Exchange e = post(intake(database.dataSource(), 1000), "{\"kind\":\"ping\",\"code\":\"abc\"}", "application/json", true);
        assertThat(status(e)).isEqualTo(200);
        assertThat(JSON.readTree(e.getMessage().getBody(String.class)).path("pong").asText()).isEqualTo("abc");
        assertThat(rows()).isZero();
    }

    @Test
    void eventsNobodySyncsAreStoredAndCountedAsIgnored() throws Exception {
        Exchange e = post(intake(database.dataSource(), 1000), "{\"id\":\"b1\",\"kind\":\"boring\"}", "application/json", true);
        assertThat(status(e)).isEqualTo(200);
        assertThat(rows()).isEqualTo(1);
        assertThat(count(WebhookMetrics.ACCEPTED)).isEqualTo(1);
        assertThat(count(WebhookMetrics.IGNORED)).isEqualTo(1);
    }

    @Test
    void storeFailureIsA503SoTheSenderRetries() throws Exception {
        database.close(); // the database goes away
        Exchange e = post(intake(database.dataSource(), 1000), "{\"id\":\"e2\"}", "application/json", true);
        assertThat(status(e)).isEqualTo(503);
        assertThat(error(e)).isEqualTo("store_unavailable");
        assertThat(e.getMessage().getHeader("Retry-After", String.class)).isEqualTo("30");
        assertThat(count(WebhookMetrics.REJECTED, "reason", "store_unavailable")).isEqualTo(1);
        setUp(); // a fresh database for tearDown to close
    }

    @Test
    void whileTheStoreIsUnreachableDeliveriesFailFastWithTheRetryStatus() throws Exception {
        // a pool that waits 1.2 s for a connection and then gives up, like Hikari with the database gone
        DataSource unreachable = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        Thread.sleep(1200);
                        throw new java.sql.SQLTransientConnectionException("Connection is not available, request timed out");
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "unreachable pool";
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
        WebhookIntake intake = intake(unreachable, 1000);
        long first = System.nanoTime();
        assertThat(status(post(intake, "{\"id\":\"s1\"}", "application/json", true))).isEqualTo(503);
        assertThat((System.nanoTime() - first) / 1_000_000).isGreaterThanOrEqualTo(1000);
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            Exchange e = post(intake, "{\"id\":\"s" + (i + 2) + "\"}", "application/json", true);
            assertThat(status(e)).isEqualTo(503);
            assertThat(e.getMessage().getHeader("Retry-After", String.class)).isEqualTo("30");
            assertThat((System.nanoTime() - started) / 1_000_000).as("no wait for the pool").isLessThan(500);
        }
    }

    @Test
    void aHandlerBugIsA500NotAHangOrAnEcho() throws Exception {
        handler.failWith = new IllegalStateException("boom");
        Exchange e = post(intake(database.dataSource(), 1000), "{\"id\":\"e3\"}", "application/json", true);
        assertThat(status(e)).isEqualTo(500);
        assertThat(error(e)).isEqualTo("internal_error");
        assertThat(e.getMessage().getBody(String.class)).doesNotContain("boom");
        assertThat(rows()).isZero();
    }

    @Test
    void contentTypes() {
        WebhookIntake.requireJson("application/json");
        WebhookIntake.requireJson("Application/JSON; charset=UTF-8");
        WebhookIntake.requireJson("application/vnd.toggl+json");
        for (String bad : new String[] {null, "", "text/json", "application/jsonx", "text/plain", "multipart/form-data"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookIntake.requireJson(bad))
                    .isInstanceOf(WebhookRejection.class)
                    .satisfies(t -> assertThat(((WebhookRejection) t).status()).isEqualTo(415));
        }
    }

    @Test
    void printableKeepsLogLinesOneLine() {
        assertThat(WebhookText.printable("a\nb\u0000c")).isEqualTo("a?b?c");
        assertThat(WebhookText.printable("x".repeat(100))).hasSize(83);
        assertThat(WebhookText.printable(null)).isEqualTo("-");
    }
}
