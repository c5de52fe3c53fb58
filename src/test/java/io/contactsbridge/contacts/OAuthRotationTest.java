package io.contactsbridge.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** OAuth against the simulator: single-use rotating refresh tokens, many threads, crashes, invalid_grant. */
class OAuthRotationTest {

    static Map<String, String> oauthSettings(String refreshToken) {
        return Map.of(HighLevelConfig.TOKEN, "",
                HighLevelConfig.CLIENT_ID, HighLevelSimulator.CLIENT_ID,
                HighLevelConfig.CLIENT_SECRET, HighLevelSimulator.CLIENT_SECRET,
                HighLevelConfig.REFRESH_TOKEN, refreshToken);
    }

    static HighLevelTestSupport startOAuth(HighLevelSimulator sim, String... scopes) {
        String refresh = sim.issueRefreshToken(scopes);
        return HighLevelTestSupport.start(sim, oauthSettings(refresh));
    }

    static RotatingTokenProvider tokens(HighLevelTestSupport hl) {
        return hl.bridge.context().getRegistry().lookupByNameAndType(ContactsApi.TOKENS_BEAN, RotatingTokenProvider.class);
    }

    @Test
    void manyThreadsWithAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
        HighLevelSimulator sim = new HighLevelSimulator();
        try (HighLevelTestSupport hl = startOAuth(sim, "contacts.readonly", "contacts.write")) {
            RotatingTokenProvider tokens = tokens(hl);
            assertThat(sim.refreshCount()).isEqualTo(1); // the start: scopes come from the token response
            String first = tokens.accessToken();
            sim.expireAccessTokens();
            hl.log().clear();
            int before = sim.refreshCount();

            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Exchange>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return hl.send("get-contacts", Map.of("limit", 1), null);
                }));
            }
            go.countDown();
            for (Future<Exchange> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS).getException()).isNull();
            }
            pool.shutdown();

            assertThat(sim.refreshCount() - before).isEqualTo(1);
            assertThat(hl.log().entries()).filteredOn(e -> e.path().equals("/oauth/token")).hasSize(1);
            TokenStore.StoredToken stored = tokens.stored().orElseThrow();
            assertThat(sim.isRefreshTokenValid(stored.refreshToken())).isTrue();
            assertThat(sim.isAccessTokenValid(stored.accessToken())).isTrue();
            assertThat(stored.accessToken()).isNotEqualTo(first).isEqualTo(tokens.accessToken());
            assertThat(stored.scopes()).contains("contacts.write");
            hl.assertSpecConform();
        }
    }

    @Test
    void refreshesAheadOfExpiryWithoutA401() throws Exception {
        HighLevelSimulator sim = new HighLevelSimulator();
        sim.faults().accessTokenTtlSeconds(2);
        try (HighLevelTestSupport hl = startOAuth(sim, "contacts.readonly", "contacts.write")) {
            int before = sim.refreshCount();
            Thread.sleep(1200); // past half of the 2 s life: the next call refreshes first
            hl.log().clear();
            hl.call("get-contacts", Map.of("limit", 1), null);
            assertThat(sim.refreshCount() - before).isEqualTo(1);
            assertThat(hl.log().entries()).extracting(e -> e.status()).doesNotContain(401);
        }
    }

    @Test
    void anExceptionAfterTheTokenEndpointAnsweredIsRecovered() {
        HighLevelSimulator sim = new HighLevelSimulator();
        try (HighLevelTestSupport hl = startOAuth(sim, "contacts.readonly", "contacts.write")) {
            RotatingTokenProvider tokens = tokens(hl);
            String oldRefresh = tokens.stored().orElseThrow().refreshToken();
            int[] crashes = {1};
            tokens.crashHook(step -> {
                if (step == RotatingTokenProvider.Step.AFTER_TOKEN_ENDPOINT && crashes[0]-- > 0) {
                    throw new IllegalStateException("simulated crash after the token endpoint answered");
                }
            });
            sim.expireAccessTokens();
            int before = sim.refreshCount();
            Exchange failed = hl.send("get-contacts", Map.of(), null);
            assertThat(failed.getException()).hasMessageContaining("simulated crash");
            // the old refresh token is spent at the simulator, the new pair is not stored yet
            assertThat(sim.isRefreshTokenValid(oldRefresh)).isFalse();
            assertThat(tokens.stored().orElseThrow().refreshToken()).isEqualTo(oldRefresh);

            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
            assertThat(sim.refreshCount() - before).isEqualTo(1); // the pending pair was stored, not a second refresh
            TokenStore.StoredToken stored = tokens.stored().orElseThrow();
            assertThat(sim.isRefreshTokenValid(stored.refreshToken())).isTrue();
        }
    }

    @Test
    void anExceptionAfterTheStoreIsRecovered() {
        HighLevelSimulator sim = new HighLevelSimulator();
        try (HighLevelTestSupport hl = startOAuth(sim, "contacts.readonly", "contacts.write")) {
            RotatingTokenProvider tokens = tokens(hl);
            int[] crashes = {1};
            tokens.crashHook(step -> {
                if (step == RotatingTokenProvider.Step.AFTER_STORE && crashes[0]-- > 0) {
                    throw new IllegalStateException("simulated crash after the store");
                }
            });
            sim.expireAccessTokens();
            int before = sim.refreshCount();
            assertThat(hl.send("get-contacts", Map.of(), null).getException()).hasMessageContaining("simulated crash");
            TokenStore.StoredToken stored = tokens.stored().orElseThrow();
            assertThat(sim.isRefreshTokenValid(stored.refreshToken())).isTrue();

            assertThat(hl.call("get-contacts", Map.of(), null)).containsKey("contacts");
            assertThat(sim.refreshCount() - before).isEqualTo(1);
            assertThat(tokens.accessToken()).isEqualTo(tokens.stored().orElseThrow().accessToken());
        }
    }

    @Test
    void aRestartUsesTheRotatedTokenNotTheConfiguredOne() {
        HighLevelSimulator sim = new HighLevelSimulator();
        String initial = sim.issueRefreshToken("contacts.readonly", "contacts.write");
        Map<String, String> settings = new java.util.HashMap<>(oauthSettings(initial));
        settings.put("bridge.db.url", "jdbc:h2:file:" + io.contactsbridge.testing.TestBridge.tempDir().resolve("tokens"));
        try (HighLevelTestSupport first = HighLevelTestSupport.start(sim, settings)) {
            assertThat(sim.isRefreshTokenValid(initial)).isFalse();
        }
        // same database, same (now spent) HIGHLEVEL_REFRESH_TOKEN: the stored pair is used
        try (HighLevelTestSupport second = HighLevelTestSupport.start(sim, settings)) {
            assertThat(second.call("get-contacts", Map.of(), null)).containsKey("contacts");
            assertThat(sim.isRefreshTokenValid(tokens(second).stored().orElseThrow().refreshToken())).isTrue();
        }
    }

    @Test
    void invalidGrantNeedsReauthorisationAndIsNotRetried() {
        HighLevelSimulator sim = new HighLevelSimulator();
        try (HighLevelTestSupport hl = startOAuth(sim, "contacts.readonly", "contacts.write")) {
            RotatingTokenProvider tokens = tokens(hl);
            sim.revokeRefreshToken(tokens.stored().orElseThrow().refreshToken());
            sim.expireAccessTokens();
            hl.log().clear();
            assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null))
                    .isInstanceOfSatisfying(ReauthorizationRequired.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("invalid_grant").contains("HIGHLEVEL_REFRESH_TOKEN")
                                .doesNotContain(tokens.stored().orElseThrow().refreshToken());
                    });
            assertThat(hl.log().entries()).filteredOn(e -> e.path().equals("/oauth/token")).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, ConnectorState> states = hl.bridge.context().getRegistry()
                    .lookupByNameAndType(KitBeans.CONNECTOR_STATES, Map.class);
            assertThat(states.get("highlevel").problem()).isNotNull();
            assertThat(states.get("highlevel").reason()).contains("re-authorisation");
        }
    }

    @Test
    void aReadOnlyGrantStopsAWriteBridgeNamingTheScope() {
        HighLevelSimulator sim = new HighLevelSimulator();
        assertThatThrownBy(() -> startOAuth(sim, "contacts.readonly").close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("contacts.write")
                .hasMessageContaining("HIGHLEVEL_READ_ONLY");
    }

    /**
     * Issue 13: the bridge starts unconnected (it must be running to receive the consent's callback)
     * and says how to connect, in the log and the status; calls fail naming what to do.
     */
    @Test
    @SuppressWarnings("unchecked")
    void withoutAStoredTokenOrARefreshTokenTheBridgeStartsUnconnectedAndSaysHowToConnect() {
        Map<String, String> settings = new java.util.HashMap<>(oauthSettings("x"));
        settings.put(HighLevelConfig.REFRESH_TOKEN, "");
        try (HighLevelTestSupport hl = HighLevelTestSupport.start(new HighLevelSimulator(), settings)) {
            Map<String, ConnectorState> states = hl.bridge.context().getRegistry()
                    .lookupByNameAndType(KitBeans.CONNECTOR_STATES, Map.class);
            assertThat(states.get("highlevel").reason()).contains("not connected").contains("connect highlevel")
                    .contains("HIGHLEVEL_REFRESH_TOKEN");
            assertThatThrownBy(() -> hl.call("get-contacts", Map.of(), null))
                    .hasMessageContaining("HIGHLEVEL_REFRESH_TOKEN");
        }
    }
}
