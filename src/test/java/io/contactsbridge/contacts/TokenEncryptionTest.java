package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.Application;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** OAuth tokens at rest: encrypted under BRIDGE_ENCRYPTION_KEY, rotated by rotate-key, required outside the sandbox. */
class TokenEncryptionTest {

    record RawRow(String access, String refresh, String keyId) {
    }

    static RawRow raw(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(Database.withH2Defaults(url), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT access_token, refresh_token, key_id FROM tokens")) {
            assertThat(rs.next()).isTrue();
            return new RawRow(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    @Test
    void aTokenRowReadStraightFromTheDatabaseShowsNoToken() throws Exception {
        HighLevelSimulator sim = new HighLevelSimulator();
        String key = TokenCipher.newKey();
        String url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("tokens").toAbsolutePath();
        Map<String, String> settings = new HashMap<>(OAuthRotationTest.oauthSettings(sim.issueRefreshToken(
                "contacts.readonly", "contacts.write")));
        settings.put("bridge.db.url", url);
        settings.put("bridge.encryption-key", key);
        TokenStore.StoredToken clear;
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(sim, settings)) {
            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
            clear = OAuthRotationTest.tokens(hl).stored().orElseThrow();
        }
        RawRow row = raw(url);
        assertThat(sim.isAccessTokenValid(clear.accessToken())).isTrue();
        assertThat(row.access()).isNotBlank().doesNotContain(clear.accessToken());
        assertThat(row.refresh()).isNotBlank().doesNotContain(clear.refreshToken());
        assertThat(row.keyId()).isEqualTo(TokenCipher.of(List.of(key)).currentKeyId());
    }

    @Test
    void aKeyRotationKeepsTheBridgeWorking() throws Exception {
        HighLevelSimulator sim = new HighLevelSimulator();
        String oldKey = TokenCipher.newKey();
        String newKey = TokenCipher.newKey();
        String url = "jdbc:h2:file:" + TestBridge.tempDir().resolve("rotate").toAbsolutePath();
        Map<String, String> settings = new HashMap<>(OAuthRotationTest.oauthSettings(sim.issueRefreshToken(
                "contacts.readonly", "contacts.write")));
        settings.put("bridge.db.url", url);
        settings.put("bridge.encryption-key", oldKey);
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(sim, settings)) {
            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
        }
        String before = raw(url).access();

        // new key current, old key still readable: rotate-key re-encrypts the row
        String out = cli(Map.of("bridge.db.url", url, "bridge.encryption-key", newKey,
                "bridge.encryption-previous-keys", oldKey), "rotate-key");
        assertThat(out).contains("1 token row(s)");
        RawRow rotated = raw(url);
        assertThat(rotated.keyId()).isEqualTo(TokenCipher.of(List.of(newKey)).currentKeyId());
        assertThat(rotated.access()).isNotEqualTo(before);
        // a second run has nothing left to do
        assertThat(cli(Map.of("bridge.db.url", url, "bridge.encryption-key", newKey), "rotate-key"))
                .contains("0 token row(s)");

        // the old key is gone: the bridge still reads its tokens and calls the API
        settings.put("bridge.encryption-key", newKey);
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(sim, settings)) {
            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
            sim.expireAccessTokens();
            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts"); // a refresh under the new key
            assertThat(raw(url).keyId()).isEqualTo(TokenCipher.of(List.of(newKey)).currentKeyId());
        }
        // and a bridge with only the old key refuses to guess
        settings.put("bridge.encryption-key", oldKey);
        assertThatThrownBy(() -> HighLevelTestSupport.start(sim, settings).close())
                .hasStackTraceContaining("not configured");
    }

    @Test
    void oauthOutsideTheSandboxRefusesToStartWithoutAKey() {
        Map<String, String> settings = new HashMap<>(OAuthRotationTest.oauthSettings("rt-never-used"));
        settings.put(HighLevelConfig.BASE_URL, "http://127.0.0.1:9");
        settings.put(HighLevelConfig.LOCATION_ID, "loc-1");
        assertThatThrownBy(() -> TestBridge.of(Bridge.Mode.RUN).connectors(List.of(new HighLevelConnector()))
                .with(settings).start().close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("BRIDGE_ENCRYPTION_KEY");
    }

    static String cli(Map<String, String> properties, String... args) {
        properties.forEach(System::setProperty);
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Application.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            assertThat(code).as("exit code; stderr: " + err).isZero();
            return out.toString();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
