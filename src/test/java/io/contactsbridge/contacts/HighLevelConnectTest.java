package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.cli.ConnectCommand;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.auth.ConsentLink;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The OAuth 2.0 authorization-code flow end to end in the sandbox: a bridge configured with only
 * the marketplace app's client id and secret starts unconnected, {@code connect highlevel} prints
 * the consent URL, the simulator's consent page redirects to the bridge's callback with a code, the
 * bridge exchanges it, stores the pair and the location, and the status shows the connection.
 */
class HighLevelConnectTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects
    private static final ObjectMapper JSON = new ObjectMapper();

    private HighLevelSimulator sim;
    private Bridge bridge;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() {
        sim = new HighLevelSimulator();
        bridge = oauthBridge(Map.of());
    }

    private Bridge oauthBridge(Map<String, String> more) {
        TestBridge t = TestBridge.sandbox().simulators(List.of(sim));
        int port = Integer.parseInt(t.settings().get(Bridge.HTTP_PORT));
        // as a user runs the sandbox with OAuth: HIGHLEVEL_AUTH=oauth, the simulator's app and consent page
        return t.with(HighLevelConfig.AUTH, "oauth")
                .with(HighLevelOAuth.REDIRECT_URI, "http://127.0.0.1:" + port + "/oauth/highlevel/callback")
                .with(io.contactsbridge.sync.SyncSettings.POLL_ENABLED, "false")
                .with(more).start();
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    /**
     * What the command line on the same machine needs: with the admin token, only where the bridge
     * runs (it asks the bridge, whose settings count); without, the connection's settings too.
     */
    private Map<String, String> cliSettings(boolean withAdminToken) {
        Map<String, String> s = new HashMap<>();
        if (withAdminToken) {
            s.put(Bridge.HTTP_PORT, bridge.settings().require(Bridge.HTTP_PORT));
            s.put(Bridge.ADMIN_TOKEN, Bridge.SANDBOX_ADMIN_TOKEN);
            return s;
        }
        for (String key : List.of(Bridge.HTTP_PORT, "bridge.db.url", HighLevelConfig.BASE_URL, HighLevelConfig.LOCATION_ID,
                HighLevelConfig.CLIENT_ID, HighLevelConfig.CLIENT_SECRET, HighLevelOAuth.REDIRECT_URI,
                HighLevelOAuth.AUTHORIZE_URL, ConsentLink.STATE_TTL)) {
            bridge.settings().get(key).ifPresent(v -> s.put(key, v));
        }
        s.put(HighLevelConfig.TOKEN, "");
        s.put(Bridge.ADMIN_TOKEN, "");
        return s;
    }

    private Run connect(Map<String, String> settings, String... args) {
        ConnectCommand command = new ConnectCommand().withSettings(settings);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(command).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Plays the user: opens the consent URL; the consent page redirects to the callback, which the browser opens. */
    private static HttpResponse<String> consent(String consentUrl) throws Exception {
        HttpResponse<String> page = get(consentUrl);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        return get(page.headers().firstValue("Location").orElseThrow());
    }

    private JsonNode highLevelStatus() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestBridge.httpUrl(bridge) + "/api/status"))
                .header("Authorization", "Bearer " + Bridge.SANDBOX_ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode c : JSON.readTree(r.body()).path("connectors")) {
            if (c.path("id").asText().equals("highlevel")) {
                return c;
            }
        }
        throw new AssertionError("no highlevel connector in " + r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void connectsEndToEndAndTheConnectionIsUsedAndRotates() throws Exception {
        JsonNode before = highLevelStatus();
        assertThat(before.path("state").asText()).isEqualTo("failing");
        assertThat(before.path("reason").asText()).contains("not connected").contains("connect highlevel");
        assertThat(before.path("details").path("connection").path("connected").asBoolean()).isFalse();

        Run run = connect(cliSettings(true), "highlevel");
        assertThat(run.exit()).as(run.err()).isZero();
        String url = run.out().trim();
        assertThat(url).startsWith(TestBridge.httpUrl(bridge).replace("127.0.0.1", "localhost") + "/sandbox/highlevel/oauth/chooselocation?")
                .contains("response_type=code").contains("client_id=" + HighLevelSimulator.CLIENT_ID)
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A").contains("state=")
                // routes/ has flows that write contacts: read and write
                .contains("scope=contacts.readonly%20contacts.write");
        assertThat(run.err()).contains("approve the permissions").contains("/oauth/highlevel/callback");

        HttpResponse<String> callback = consent(url);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        assertThat(callback.body()).contains("Connected HighLevel location " + HighLevelSimulator.LOCATION_ID)
                .doesNotContain("sim-at-").doesNotContain("sim-rt-");
        assertThat(sim.consentCount()).isEqualTo(1);

        TokenStore.StoredToken stored = ContactsApi.rotatingTokens(bridge.context()).orElseThrow().stored().orElseThrow();
        assertThat(stored.locationId()).isEqualTo(HighLevelSimulator.LOCATION_ID);
        assertThat(stored.scopes()).contains("contacts.write");
        assertThat(sim.isAccessTokenValid(stored.accessToken())).isTrue();
        assertThat(sim.isRefreshTokenValid(stored.refreshToken())).isTrue();

        JsonNode after = highLevelStatus();
        assertThat(after.path("state").asText()).isEqualTo("ok");
        JsonNode connection = after.path("details").path("connection");
        assertThat(connection.path("connected").asBoolean()).isTrue();
        assertThat(connection.path("locationId").asText()).isEqualTo(HighLevelSimulator.LOCATION_ID);
        assertThat(connection.path("scopes").asText()).contains("contacts.readonly");

        // the connection works, and rotates as a configured refresh token would
        Map<String, Object> contacts = bridge.context().createProducerTemplate().requestBody("direct:contacts.get-contacts", null, Map.class);
        assertThat(contacts).containsKey("contacts");
        sim.expireAccessTokens();
        bridge.context().createProducerTemplate().requestBody("direct:contacts.get-contacts", null, Map.class);
        assertThat(sim.refreshCount()).isEqualTo(1);
        assertThat(sim.isRefreshTokenValid(stored.refreshToken())).as("single use").isFalse();

        // the same callback again: the state was used
        HttpResponse<String> again = get(callback.uri().toString());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("unknown, used or expired");
    }

    @Test
    void theCommandWritesTheStateItselfWhenNoBridgeAnswersForIt() throws Exception {
        // no admin token: the command cannot ask the bridge, so it writes to the state store (here the
        // same H2 file, open in this JVM; PostgreSQL in a real multi-replica deployment)
        Run run = connect(cliSettings(false), "highlevel");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(consent(run.out().trim()).statusCode()).isEqualTo(200);
        assertThat(ContactsApi.rotatingTokens(bridge.context()).orElseThrow().hasStoredToken()).isTrue();
    }

    @Test
    void aForgedOrMissingStateIsRefusedAndNothingIsExchanged() throws Exception {
        String callback = bridge.settings().require(HighLevelOAuth.REDIRECT_URI);
        String code = sim.issueAuthorizationCode("contacts.readonly", "contacts.write");
        HttpResponse<String> forged = get(callback + "?code=" + code + "&state=made-up");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(get(callback + "?code=" + code).statusCode()).isEqualTo(400);
        assertThat(sim.tokenRequestCount()).isZero();
        assertThat(ContactsApi.rotatingTokens(bridge.context()).orElseThrow().hasStoredToken()).isFalse();

        // a state that was handed out, but altered, is not one either
        String url = connect(cliSettings(true), "highlevel").out().trim();
        String state = url.replaceAll(".*[?&]state=([^&]+).*", "$1");
        HttpResponse<String> elsewhere = get(TestBridge.httpUrl(bridge) + "/oauth/highlevel/callback?code=" + code
                + "&state=" + state + "x");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
    }

    @Test
    void aDeniedConsentIsSaidPlainly() throws Exception {
        sim.denyConsent();
        String url = connect(cliSettings(true), "highlevel").out().trim();
        HttpResponse<String> callback = consent(url);
        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body()).contains("did not grant access (access_denied)");
        assertThat(sim.tokenRequestCount()).isZero();
    }

    @Test
    void anExpiredStateIsRefused() throws Exception {
        bridge.close();
        sim = new HighLevelSimulator();
        bridge = oauthBridge(Map.of(ConsentLink.STATE_TTL, "1"));
        String url = connect(cliSettings(true), "highlevel").out().trim();
        HttpResponse<String> page = get(url);
        Thread.sleep(1500);
        HttpResponse<String> callback = get(page.headers().firstValue("Location").orElseThrow());
        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body()).contains("expired");
        assertThat(sim.tokenRequestCount()).isZero();
    }

    @Test
    void anotherLocationIsStoredUnderItsOwnIdAndTheProblemIsShown() throws Exception {
        sim.approveConsentAs("another-location");
        String url = connect(cliSettings(true), "highlevel").out().trim();
        HttpResponse<String> callback = consent(url);
        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).contains("another-location").contains("HIGHLEVEL_LOCATION_ID");
        assertThat(ContactsApi.rotatingTokens(bridge.context()).orElseThrow().hasStoredToken()).isFalse();
        assertThat(highLevelStatus().path("reason").asText()).contains("another-location");
    }

    @Test
    void scopesAreLeastPrivilege() {
        Settings none = new Settings(k -> java.util.Optional.empty());
        List<String> writes = List.of("steps:\n  - setHeader: {name: syncOperation, constant: contacts.save-contact}\n");
        List<String> reads = List.of("steps:\n  - to: direct:contacts.get-contacts\n  - to: direct:contacts.get-contact\n");
        assertThat(HighLevelOAuth.scopes(none, false, writes)).containsExactly("contacts.readonly", "contacts.write");
        assertThat(HighLevelOAuth.scopes(none, false, reads)).containsExactly("contacts.readonly");
        assertThat(HighLevelOAuth.scopes(none, true, writes)).as("read-only").containsExactly("contacts.readonly");
        assertThat(HighLevelOAuth.scopes(none, false, List.of())).containsExactly("contacts.readonly");
        Settings configured = new Settings(k -> k.equals(HighLevelOAuth.SCOPES)
                ? java.util.Optional.of("contacts.readonly contacts.write") : java.util.Optional.empty());
        assertThat(HighLevelOAuth.scopes(configured, true, List.of())).isEqualTo(Set.of("contacts.readonly", "contacts.write"));
    }

    @Test
    void aStaticTokenHasNothingToConnect() {
        Map<String, String> s = cliSettings(false);
        s.put(HighLevelConfig.TOKEN, HighLevelSimulator.TOKEN);
        Run run = connect(s, "highlevel");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nothing to connect");
        assertThat(connect(s, "nosuch").exit()).isEqualTo(2);
    }

    @Test
    void theAuthSettingChoosesTokenOrOAuthAndRefusesOtherValues() {
        java.util.function.Function<Map<String, String>, Settings> of = m -> new Settings(k -> java.util.Optional.ofNullable(m.get(k)));
        assertThat(HighLevelConfig.usesOAuth(of.apply(Map.of(HighLevelConfig.TOKEN, "t")))).isFalse();
        assertThat(HighLevelConfig.usesOAuth(of.apply(Map.of()))).isTrue();
        assertThat(HighLevelConfig.usesOAuth(of.apply(Map.of(HighLevelConfig.TOKEN, "t", HighLevelConfig.AUTH, "oauth")))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HighLevelConfig.usesOAuth(of.apply(Map.of(HighLevelConfig.AUTH, "magic"))))
                .isInstanceOf(io.contactsbridge.config.ConfigException.class).hasMessageContaining("HIGHLEVEL_AUTH");
    }
}
