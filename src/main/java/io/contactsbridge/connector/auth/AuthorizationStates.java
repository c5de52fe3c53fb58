package io.contactsbridge.connector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The {@code state} values of the OAuth 2.0 authorization-code flow (RFC 6749 10.12: the callback
 * must prove it answers a consent this bridge asked for), in the {@code oauth_states} table so the
 * {@code connect} command, which hands the URL out, and any replica, which receives the callback,
 * share them. A state is random (256 bits), bound to one connector, single use (redeeming deletes
 * it) and expires; only its hash is stored.
 */
public final class AuthorizationStates {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final Clock clock;

    public AuthorizationStates(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A new state for {@code provider}'s consent URL, valid for {@code ttl}; expired ones are dropped on the way. */
    public String create(String provider, String redirectUri, Duration ttl) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_states WHERE expires_at < ?")) {
                ps.setObject(1, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth_states"
                    + " (state_hash, provider, redirect_uri, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, hash(state));
                ps.setString(2, provider);
                ps.setString(3, redirectUri);
                ps.setObject(4, now);
                ps.setObject(5, now.plus(ttl));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing an authorization state: " + e.getMessage(), e);
        }
        return state;
    }

    /**
     * Redeems a state: its redirect URI when it was issued for {@code provider} and has not expired
     * or been used; empty otherwise. Deleting the row is the redemption, so of two concurrent
     * callbacks with the same state only one gets it.
     */
    public Optional<String> redeem(String provider, String state) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(state);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            String redirectUri;
            OffsetDateTime expires;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT redirect_uri, expires_at FROM oauth_states WHERE state_hash = ? AND provider = ?")) {
                ps.setString(1, hash);
                ps.setString(2, provider);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    redirectUri = rs.getString(1);
                    expires = rs.getObject(2, OffsetDateTime.class);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_states WHERE state_hash = ? AND provider = ?")) {
                ps.setString(1, hash);
                ps.setString(2, provider);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty(); // another callback redeemed it first
                }
            }
            return expires.toInstant().isAfter(now.toInstant()) ? Optional.of(redirectUri) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("redeeming an authorization state: " + e.getMessage(), e);
        }
    }

    private static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
