package io.contactsbridge.connector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.config.SecretMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 tokens of one account (HighLevel: a location; Hubstaff: the organization's user), kept
 * in the {@code tokens} table, sent as {@code Authorization: Bearer <access token>}.
 *
 * <p>Rotation rules (refresh tokens are single-use: each answer carries the next one):
 * <ul>
 * <li>The new pair is stored (one UPDATE conditional on the version we read, bumping it) before
 *     the new access token is returned to anyone, so it is never used before it is durable.
 *     Nothing else happens between the token endpoint's answer and that UPDATE. If the UPDATE (or
 *     anything in between) fails, the pair is kept in memory as pending and the next attempt stores
 *     it instead of calling the endpoint again (the old refresh token is already spent).
 *     Limit: a process killed in the few milliseconds between the answer and the commit loses the
 *     new pair; with strictly single-use refresh tokens no client can close that window, and the
 *     next refresh then reports re-authorisation needed (below).</li>
 * <li>One refresh at a time per location in this process (a lock), and across replicas through the
 *     version: the loser of the UPDATE re-reads and uses the winner's tokens; a refresh refused with
 *     {@code invalid_grant} first checks whether another replica has rotated the row meanwhile.</li>
 * <li>Refresh ahead of expiry ({@code refreshAhead}); after a 401, refresh once.</li>
 * <li>{@code invalid_grant} with no newer row: {@link ReauthorizationRequired}, logged once as an
 *     error and reported to {@code onReauthorizationNeeded}; never retried.</li>
 * </ul>
 * The configured refresh token seeds the row at the first start only; a different configured
 * value later (an operator re-authorised the app) replaces the stored one.
 */
public final class RotatingTokenProvider implements TokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingTokenProvider.class);
    /** How long a refresh refused with invalid_grant waits for another replica's new row. */
    static final Duration WINNER_WAIT = Duration.ofSeconds(3);

    /** Points in a refresh where tests can make it fail (simulating a crash). */
    public enum Step { AFTER_TOKEN_ENDPOINT, AFTER_STORE }

    private final TokenStore store;
    private final TokenEndpoint endpoint;
    private final String provider;
    private final String locationId;
    private final ApiCall call;
    private final String refreshTokenSetting;
    private final String configuredRefreshToken;
    private final Duration refreshAhead;
    private final Clock clock;
    private final Consumer<String> onReauthorizationNeeded;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TokenStore.StoredToken current;
    private volatile Consumer<Step> crashHook = step -> { };
    /** A pair the endpoint gave that is not stored yet, and the row version it replaces (guarded by lock). */
    private TokenEndpoint.TokenResponse pending;
    /** Lifetime of the last token the endpoint gave us (HighLevel: about 24 h). */
    private volatile Duration lastLifetime = Duration.ofDays(1);
    private long pendingForVersion;

    /**
     * @param call                 names the connector and the token operation in errors and logs
     * @param account              the row's account ({@code location_id} column): the location, the organization
     * @param refreshTokenSetting  the environment variable that seeds the first refresh token, for messages
     * @param configuredRefreshToken the seed (read once; a different value later means re-authorised)
     */
    public RotatingTokenProvider(TokenStore store, TokenEndpoint endpoint, ApiCall call, String account,
                                 String refreshTokenSetting, String configuredRefreshToken, Duration refreshAhead,
                                 Clock clock, Consumer<String> onReauthorizationNeeded) {
        this.store = store;
        this.endpoint = endpoint;
        this.provider = call.system();
        this.call = call;
        this.refreshTokenSetting = refreshTokenSetting;
        this.locationId = account;
        this.configuredRefreshToken = configuredRefreshToken;
        this.refreshAhead = refreshAhead;
        this.clock = clock;
        this.onReauthorizationNeeded = onReauthorizationNeeded;
        SecretMasker.register(configuredRefreshToken);
    }

    @Override
    public String credential() {
        return "Bearer " + accessToken();
    }

    /** A valid access token, refreshed ahead of expiry. Never logged. */
    public String accessToken() {
        TokenStore.StoredToken t = current;
        if (usable(t)) {
            return t.accessToken();
        }
        lock.lock();
        try {
            t = current;
            if (usable(t)) {
                return t.accessToken(); // another thread refreshed while we waited
            }
            TokenStore.StoredToken stored = loadOrSeed();
            if (!usable(stored)) {
                stored = refresh(stored);
            }
            return use(stored);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        String rejectedToken = rejected != null && rejected.startsWith("Bearer ") ? rejected.substring(7) : rejected;
        lock.lock();
        try {
            TokenStore.StoredToken t = current;
            if (usable(t) && !t.accessToken().equals(rejectedToken)) {
                return true;
            }
            TokenStore.StoredToken stored = loadOrSeed();
            if (usable(stored) && !rejectedToken.equals(stored.accessToken())) {
                use(stored);
                return true;
            }
            use(refresh(stored));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Set<String>> grantedScopes() {
        accessToken();
        String scopes = current == null ? null : current.scopes();
        if (scopes == null || scopes.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new LinkedHashSet<>(Arrays.asList(scopes.trim().split("[\\s,]+"))));
    }

    @Override
    public String mode() {
        return "OAuth";
    }

    /** The stored row as this provider last saw it (tests). */
    public Optional<TokenStore.StoredToken> stored() {
        return store.find(provider, locationId);
    }

    /** Tests: called at each {@link Step} of a refresh; throwing simulates a crash there. */
    public void crashHook(Consumer<Step> hook) {
        this.crashHook = hook == null ? step -> { } : hook;
    }

    private String use(TokenStore.StoredToken t) {
        // per account, so that superseded tokens drop out of the masker instead of piling up
        SecretMasker.registerIssued(provider + "/" + locationId, t.accessToken());
        SecretMasker.registerIssued(provider + "/" + locationId, t.refreshToken());
        current = t;
        return t.accessToken();
    }

    private boolean usable(TokenStore.StoredToken t) {
        // refresh ahead of expiry, but never more than half a token's life ahead (short-lived tokens)
        Duration ahead = refreshAhead.compareTo(lastLifetime.dividedBy(2)) > 0 ? lastLifetime.dividedBy(2) : refreshAhead;
        return t != null && t.accessToken() != null && t.expiresAt() != null
                && clock.instant().plus(ahead).isBefore(t.expiresAt());
    }

    private TokenStore.StoredToken loadOrSeed() {
        String seedHash = sha256(configuredRefreshToken);
        Optional<TokenStore.StoredToken> found = store.find(provider, locationId);
        if (found.isEmpty()) {
            if (configuredRefreshToken == null) {
                throw new ReauthorizationRequired(call, "no stored token and no " + refreshTokenSetting + " to start from");
            }
            store.insertSeed(provider, locationId, configuredRefreshToken, seedHash);
            return store.find(provider, locationId).orElseThrow();
        }
        TokenStore.StoredToken row = found.get();
        if (seedHash != null && !seedHash.equals(row.seedHash())) {
            // the operator gave a refresh token we never started from: a re-authorisation
            LOG.info("{}: a new {} is configured; it replaces the stored token", call.title(), refreshTokenSetting);
            TokenStore.StoredToken seeded = new TokenStore.StoredToken(provider, locationId, null, configuredRefreshToken,
                    null, null, seedHash, row.version());
            if (!store.replace(row.version(), seeded)) {
                return store.find(provider, locationId).orElseThrow();
            }
            return store.find(provider, locationId).orElseThrow();
        }
        return row;
    }

    /** Rotates the pair in {@code read}; returns the row to use (ours, or the winner's). Call with the lock held. */
    private TokenStore.StoredToken refresh(TokenStore.StoredToken read) {
        TokenEndpoint.TokenResponse answer;
        if (pending != null && pendingForVersion == read.version()) {
            answer = pending; // obtained earlier but not stored: its refresh token is the only valid one
            LOG.info("{}: storing the token pair obtained before the last failure", call.title());
        } else {
            pending = null;
            try {
                answer = endpoint.refresh(read.refreshToken());
            } catch (TokenEndpoint.InvalidGrant e) {
                TokenStore.StoredToken winner = awaitNewerRow(read);
                if (winner != null) {
                    return winner; // another replica rotated it just before us
                }
                String reason = "the refresh token was refused (invalid_grant: " + e.getMessage()
                        + "); authorise the app again and set " + refreshTokenSetting + " to the new refresh token";
                LOG.error("{} connection needs re-authorisation: {}", call.title(), reason);
                onReauthorizationNeeded.accept(reason);
                throw new ReauthorizationRequired(call, reason);
            }
            pending = answer;
            pendingForVersion = read.version();
            lastLifetime = Duration.ofSeconds(Math.max(answer.expiresInSeconds(), 1));
        }
        crashHook.accept(Step.AFTER_TOKEN_ENDPOINT);
        TokenStore.StoredToken next = new TokenStore.StoredToken(provider, locationId, answer.accessToken(),
                answer.refreshToken(), clock.instant().plusSeconds(Math.max(answer.expiresInSeconds(), 1)),
                answer.scope() != null ? answer.scope() : read.scopes(), read.seedHash(), read.version() + 1);
        boolean stored;
        try {
            stored = store.replace(read.version(), next);
        } catch (RuntimeException e) {
            // transient for the caller's retry, which stores the pending pair
            throw new NoAnswer(call, e);
        }
        pending = null;
        if (stored) {
            LOG.info("{} access token refreshed for {} (valid until {})", call.title(), locationId, next.expiresAt());
            crashHook.accept(Step.AFTER_STORE);
            return next;
        }
        // lost the race to another replica: its row is the valid one
        LOG.info("{} token of {} was refreshed by another replica; using that one", call.title(), locationId);
        return store.find(provider, locationId).orElseThrow();
    }

    /**
     * After invalid_grant: another replica may have redeemed the same refresh token a moment ago and
     * be about to commit the new pair. Its row usually lands within milliseconds; wait a little for it.
     */
    private TokenStore.StoredToken awaitNewerRow(TokenStore.StoredToken read) {
        long deadline = System.nanoTime() + WINNER_WAIT.toNanos();
        while (true) {
            TokenStore.StoredToken now = store.find(provider, locationId).orElse(read);
            if (now.version() != read.version() && now.accessToken() != null) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static String sha256(String s) {
        if (s == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
