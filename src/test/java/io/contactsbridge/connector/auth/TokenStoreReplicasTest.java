package io.contactsbridge.connector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.config.Settings;
import io.contactsbridge.store.Database;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Several replicas (providers with their own lock and cache) on one tokens table, against a token
 * endpoint with single-use refresh tokens: exactly one refresh wins, the others take its row.
 * On H2 and on PostgreSQL.
 */
class TokenStoreReplicasTest {
    private static final io.contactsbridge.api.ApiCall CALL = new io.contactsbridge.api.ApiCall("highlevel", "HighLevel", "oauth-token");
    /** Every replica of one deployment has the same key. */
    private static final TokenCipher CIPHER = TokenCipher.of(java.util.List.of(TokenCipher.newKey()));

    /** Single-use refresh tokens, like HighLevel (and the simulator): a used one is invalid_grant. */
    static final class SingleUseEndpoint implements TokenEndpoint {
        final Set<String> valid = ConcurrentHashMap.newKeySet();
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        SingleUseEndpoint(String initial) {
            valid.add(initial);
        }

        @Override
        public TokenResponse refresh(String refreshToken) throws InvalidGrant {
            calls.incrementAndGet();
            try {
                Thread.sleep(30); // a little network time, so races really overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!valid.remove(refreshToken)) {
                throw new InvalidGrant("Invalid grant: refresh token is invalid");
            }
            int n = refreshes.incrementAndGet();
            String next = "rt-" + n + "-" + System.nanoTime();
            valid.add(next);
            return new TokenResponse("at-" + n + "-" + System.nanoTime(), next, 3600, "contacts.readonly contacts.write");
        }
    }

    private static Database open(String url) {
        return Database.open(new Settings(key -> java.util.Optional.ofNullable(Map.of(
                Database.URL, url, Database.USER, url.startsWith("jdbc:h2") ? "sa" : TestDatabases.PG_USER,
                Database.POOL_SIZE, "8").get(key))));
    }

    @Test
    void h2() throws Exception {
        try (Database db = open("jdbc:h2:file:" + TestBridge.tempDir().resolve("tokens").toAbsolutePath())) {
            replicasRace(db);
            invalidGrantWithoutNewerRowIsReauthorisation(db);
        }
    }

    @Test
    void postgresql() throws Exception {
        try (Database db = open(TestDatabases.freshPostgresSchema())) {
            replicasRace(db);
            invalidGrantWithoutNewerRowIsReauthorisation(db);
        }
    }

    private void replicasRace(Database db) throws Exception {
        String location = "loc-race";
        SingleUseEndpoint endpoint = new SingleUseEndpoint("rt-initial");
        List<RotatingTokenProvider> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(new RotatingTokenProvider(new TokenStore(db.dataSource(), CIPHER), endpoint, CALL, location, "HIGHLEVEL_REFRESH_TOKEN", "rt-initial",
                    Duration.ofMinutes(5), Clock.systemUTC(), reason -> { }));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            RotatingTokenProvider replica = replicas.get(i % replicas.size());
            tokens.add(pool.submit(() -> {
                go.await();
                return replica.accessToken();
            }));
        }
        go.countDown();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Future<String> f : tokens) {
            seen.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(endpoint.refreshes.get()).isEqualTo(1);
        assertThat(endpoint.calls.get()).as("replicas waiting for the locked row redeem nothing").isEqualTo(1);
        assertThat(seen).hasSize(1);
        TokenStore.StoredToken row = new TokenStore(db.dataSource(), CIPHER).find(CALL.system(), location).orElseThrow();
        assertThat(row.accessToken()).isEqualTo(seen.iterator().next());
        assertThat(endpoint.valid).containsExactly(row.refreshToken());
        assertThat(row.version()).isEqualTo(1);

        // later: every replica rejected once -> still one refresh, and everyone moves to it
        int before = endpoint.refreshes.get();
        String rejected = row.accessToken();
        for (RotatingTokenProvider replica : replicas) {
            assertThat(replica.renewAfterRejection(rejected)).isTrue();
        }
        assertThat(endpoint.refreshes.get() - before).isEqualTo(1);
        TokenStore.StoredToken after = new TokenStore(db.dataSource(), CIPHER).find(CALL.system(), location).orElseThrow();
        for (RotatingTokenProvider replica : replicas) {
            assertThat(replica.accessToken()).isEqualTo(after.accessToken());
        }
        assertThat(endpoint.valid).containsExactly(after.refreshToken());
    }

    private void invalidGrantWithoutNewerRowIsReauthorisation(Database db) {
        SingleUseEndpoint endpoint = new SingleUseEndpoint("rt-other");
        List<String> reasons = new ArrayList<>();
        RotatingTokenProvider provider = new RotatingTokenProvider(new TokenStore(db.dataSource(), CIPHER), endpoint, CALL, "loc-revoked", "HIGHLEVEL_REFRESH_TOKEN", "rt-revoked", Duration.ofMinutes(5), Clock.systemUTC(), reasons::add);
        assertThatThrownBy(provider::accessToken).isInstanceOf(ReauthorizationRequired.class)
                .hasMessageContaining("invalid_grant").hasMessageNotContaining("rt-revoked");
        assertThat(reasons).hasSize(1);
        assertThat(endpoint.calls.get()).isEqualTo(1);

        // remembered on the row: neither this provider nor another replica calls the endpoint again
        assertThatThrownBy(provider::accessToken).isInstanceOf(ReauthorizationRequired.class).hasMessageContaining("invalid_grant");
        RotatingTokenProvider otherReplica = new RotatingTokenProvider(new TokenStore(db.dataSource(), CIPHER), endpoint, CALL,
                "loc-revoked", "HIGHLEVEL_REFRESH_TOKEN", "rt-revoked", Duration.ofMinutes(5), Clock.systemUTC(), reasons::add);
        assertThatThrownBy(otherReplica::accessToken).isInstanceOf(ReauthorizationRequired.class).hasMessageContaining("invalid_grant");
        assertThat(endpoint.calls.get()).isEqualTo(1);
        TokenStore.StoredToken row = new TokenStore(db.dataSource(), CIPHER).find(CALL.system(), "loc-revoked").orElseThrow();
        assertThat(row.refusedReason()).contains("invalid_grant");

        // an operator who configures a new refresh token starts over
        endpoint.valid.add("rt-new");
        RotatingTokenProvider reauthorised = new RotatingTokenProvider(new TokenStore(db.dataSource(), CIPHER), endpoint, CALL,
                "loc-revoked", "HIGHLEVEL_REFRESH_TOKEN", "rt-new", Duration.ofMinutes(5), Clock.systemUTC(), reasons::add);
        assertThat(reauthorised.accessToken()).startsWith("at-");
        assertThat(new TokenStore(db.dataSource(), CIPHER).find(CALL.system(), "loc-revoked").orElseThrow().refusedHash()).isNull();
    }
}
