package io.contactsbridge.connector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <li>One refresh at a time per location in this process (a lock), and across replicas on the
 *     token row ({@code SELECT ... FOR UPDATE} in {@link TokenStore#rotateLocked}): a replica that
 *     waited for the row sees the winner's pair and redeems nothing.</li>
 * <li>Refresh ahead of expiry ({@code refreshAhead}); after a 401, refresh once.</li>
 * <li>{@code invalid_grant}: {@link ReauthorizationRequired}, logged once as an error, reported to
 *     {@code onReauthorizationNeeded} and remembered on the row (by the refresh token's hash), so
 *     no replica calls the endpoint with that token again.</li>
 * </ul>
 * The configured refresh token seeds the row at the first start only; a different configured
 * value later (an operator re-authorised the app) replaces the stored one.
 */
public final class RotatingTokenProvider implements TokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingTokenProvider.class);
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
    /** How long the vendor honours an unused refresh token (Hubstaff: 90 days), or null when unlimited or unknown. */
    private volatile Duration refreshTokenLifetime;
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

    /**
     * Stores the pair a new consent gave (authorization-code grant) for {@code account}, before it
     * is used, and uses it when the account is this provider's. The row keeps this provider's seed
     * hash, so the configured refresh token (if any) does not later replace the new pair.
     */
    public TokenStore.StoredToken connected(String account, TokenEndpoint.TokenResponse pair) {
        SecretMasker.register(pair.accessToken());
        SecretMasker.register(pair.refreshToken());
        lock.lock();
        try {
            TokenStore.StoredToken next = new TokenStore.StoredToken(provider, account, pair.accessToken(), pair.refreshToken(),
                    clock.instant().plusSeconds(Math.max(pair.expiresInSeconds(), 1)), pair.scope(),
                    sha256(configuredRefreshToken), 0);
            TokenStore.StoredToken stored = store.save(next);
            if (account.equals(locationId)) {
                pending = null;
                lastLifetime = Duration.ofSeconds(Math.max(pair.expiresInSeconds(), 1));
                use(stored);
            }
            return stored;
        } finally {
            lock.unlock();
        }
    }

    /** True when a pair is stored for this provider's account (connected, or seeded from the setting). */
    public boolean hasStoredToken() {
        return store.find(provider, locationId).isPresent();
    }

    /** Sets how long the vendor honours an unused refresh token, for {@link #refreshTokenExpiresAt()}. */
    public RotatingTokenProvider refreshTokenLifetime(Duration lifetime) {
        this.refreshTokenLifetime = lifetime;
        return this;
    }

    @Override
    public Optional<Instant> expiresAt() {
        TokenStore.StoredToken t = current;
        return t == null ? Optional.empty() : Optional.ofNullable(t.expiresAt());
    }

    /** The refresh token came with the access token: its life counts from then (about expiry - lifetime). */
    @Override
    public Optional<Instant> refreshTokenExpiresAt() {
        TokenStore.StoredToken t = current;
        Duration life = refreshTokenLifetime;
        if (t == null || t.expiresAt() == null || life == null) {
            return Optional.empty();
        }
        return Optional.of(t.expiresAt().minus(lastLifetime).plus(life));
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
                throw new ReauthorizationRequired(call, "no stored token and no " + refreshTokenSetting
                        + " to start from: run 'contacts-bridge connect " + provider + "' (or set " + refreshTokenSetting + ")");
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

    /**
     * Rotates the pair in {@code read} with the row locked across replicas; returns the row to use
     * (ours, or the one another replica stored while we waited for the lock). Call with the lock held.
     */
    private TokenStore.StoredToken refresh(TokenStore.StoredToken read) {
        String[] redeemed = new String[1];
        boolean[] rotated = new boolean[1];
        TokenStore.StoredToken next;
        try {
            next = store.rotateLocked(provider, locationId, locked -> {
                if (locked.version() != read.version() && usable(locked)) {
                    LOG.info("{} token of {} was refreshed by another replica; using that one", call.title(), locationId);
                    return locked;
                }
                if (locked.refusedHash() != null && locked.refusedHash().equals(sha256(locked.refreshToken()))) {
                    throw new ReauthorizationRequired(call, locked.refusedReason()); // remembered: no endpoint call
                }
                redeemed[0] = locked.refreshToken();
                TokenEndpoint.TokenResponse answer = redeem(locked);
                crashHook.accept(Step.AFTER_TOKEN_ENDPOINT);
                rotated[0] = true;
                return new TokenStore.StoredToken(provider, locationId, answer.accessToken(), answer.refreshToken(),
                        clock.instant().plusSeconds(Math.max(answer.expiresInSeconds(), 1)),
                        answer.scope() != null ? answer.scope() : locked.scopes(), locked.seedHash(), locked.version() + 1);
            });
        } catch (TokenEndpoint.InvalidGrant e) {
            String reason = "the refresh token was refused (invalid_grant: " + e.getMessage()
                    + "); authorise the app again and set " + refreshTokenSetting + " to the new refresh token";
            store.markRefused(provider, locationId, sha256(redeemed[0]), reason);
            LOG.error("{} connection needs re-authorisation: {}", call.title(), reason);
            onReauthorizationNeeded.accept(reason);
            throw new ReauthorizationRequired(call, reason);
        } catch (ReauthorizationRequired e) {
            onReauthorizationNeeded.accept(e.getMessage());
            throw e;
        } catch (TokenStore.Unavailable e) {
            // the store failed: transient for the caller's retry, which stores the pending pair
            throw new NoAnswer(call, e);
        }
        if (rotated[0]) {
            pending = null;
            LOG.info("{} access token refreshed for {} (valid until {})", call.title(), locationId, next.expiresAt());
            crashHook.accept(Step.AFTER_STORE);
        }
        return next;
    }

    /**
     * The new pair for the locked row: the one obtained before a failed store (its refresh token is
     * the only valid one now), or a fresh one from the endpoint. Registered with the masker before
     * anything can log it.
     */
    private TokenEndpoint.TokenResponse redeem(TokenStore.StoredToken locked) throws TokenEndpoint.InvalidGrant {
        if (pending != null && pendingForVersion == locked.version()) {
            LOG.info("{}: storing the token pair obtained before the last failure", call.title());
            return pending;
        }
        pending = null;
        TokenEndpoint.TokenResponse answer = endpoint.refresh(locked.refreshToken());
        SecretMasker.register(answer.accessToken());
        SecretMasker.register(answer.refreshToken());
        pending = answer;
        pendingForVersion = locked.version();
        lastLifetime = Duration.ofSeconds(Math.max(answer.expiresInSeconds(), 1));
        return answer;
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
