package io.contactsbridge.connector.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The {@code tokens} table: one row per provider (connector) and account (HighLevel: the location),
 * updated optimistically by version.
 * Each method is one statement in autocommit (a rotation one transaction on the locked row), so a
 * written pair is durable when the method returns.
 * The token columns are encrypted by {@link TokenCipher} here, where they are read and written, and
 * nowhere else: {@code key_id} names the key of the row (null: clear text from before encryption).
 */
public final class TokenStore {
    private final DataSource dataSource;
    private final TokenCipher cipher;

    public TokenStore(DataSource dataSource, TokenCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /**
     * One stored row. {@code refusedHash}: SHA-256 of a refresh token the endpoint refused, with
     * the reason. {@code toString} hides the tokens.
     */
    public record StoredToken(String provider, String locationId, String accessToken, String refreshToken,
                              Instant expiresAt, String scopes, String seedHash, long version,
                              String refusedHash, String refusedReason) {

        public StoredToken(String provider, String locationId, String accessToken, String refreshToken,
                           Instant expiresAt, String scopes, String seedHash, long version) {
            this(provider, locationId, accessToken, refreshToken, expiresAt, scopes, seedHash, version, null, null);
        }

        @Override
        public String toString() {
            return "StoredToken[" + provider + "/" + locationId + " v" + version + ", expires " + expiresAt + "]";
        }
    }

    public Optional<StoredToken> find(String provider, String locationId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, provider, locationId, false);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the token of " + provider + "/" + locationId + ": " + e.getMessage(), e);
        }
    }

    private Optional<StoredToken> read(Connection c, String provider, String locationId, boolean lock)
            throws SQLException {
        String sql = "SELECT access_token, refresh_token, expires_at, scopes, seed_hash, version, refused_hash, "
                + "refused_reason, key_id FROM tokens WHERE provider = ? AND location_id = ?" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, provider);
            ps.setString(2, locationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime expires = rs.getObject(3, OffsetDateTime.class);
                String keyId = rs.getString(9);
                return Optional.of(new StoredToken(provider, locationId,
                        cipher.decrypt(rs.getString(1), keyId, identity(provider, locationId, "access")),
                        cipher.decrypt(rs.getString(2), keyId, identity(provider, locationId, "refresh")),
                        expires == null ? null : expires.toInstant(), rs.getString(4), rs.getString(5), rs.getLong(6),
                        rs.getString(7), rs.getString(8)));
            }
        }
    }

    /** The store failed (not the rotation): the caller may retry. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a rotation does with the row it found locked. */
    @FunctionalInterface
    public interface Rotation {
        /** The row to store (its version is set by the store), or {@code locked} itself to store nothing. */
        StoredToken apply(StoredToken locked) throws TokenEndpoint.InvalidGrant;
    }

    /**
     * Runs {@code rotation} on the row read with {@code SELECT ... FOR UPDATE} and stores what it
     * returns in the same transaction: one refresh at a time across every replica, each starting
     * from the latest row (a replica that waited sees the winner's pair and redeems nothing).
     */
    public StoredToken rotateLocked(String provider, String locationId, Rotation rotation) throws TokenEndpoint.InvalidGrant {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                StoredToken locked = read(c, provider, locationId, true).orElseThrow(() ->
                        new IllegalStateException("no token row for " + provider + "/" + locationId));
                StoredToken next = rotation.apply(locked);
                if (next != locked) {
                    update(c, locked.version(), next);
                }
                c.commit();
                return next == locked ? locked : read(c, provider, locationId, false).orElseThrow();
            } catch (SQLException | RuntimeException | TokenEndpoint.InvalidGrant e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new Unavailable("rotating the token of " + provider + "/" + locationId + ": " + e.getMessage(), e);
        }
    }

    /** Remembers that the row's refresh token (by hash) was refused, with the reason. */
    public void markRefused(String provider, String locationId, String refusedHash, String reason) {
        String sql = "UPDATE tokens SET refused_hash = ?, refused_reason = ?, updated_at = ? WHERE provider = ? AND location_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, refusedHash);
            ps.setString(2, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            ps.setObject(3, now());
            ps.setString(4, provider);
            ps.setString(5, locationId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the refusal of " + provider + "/" + locationId + ": " + e.getMessage(), e);
        }
    }

    /** Stores the first refresh token; false when a row already exists (another replica was first). */
    public boolean insertSeed(String provider, String locationId, String refreshToken, String seedHash) {
        String sql = "INSERT INTO tokens (provider, location_id, refresh_token, seed_hash, version, updated_at, key_id)"
                + " VALUES (?, ?, ?, ?, 0, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, provider);
            ps.setString(2, locationId);
            ps.setString(3, cipher.encrypt(refreshToken, identity(provider, locationId, "refresh")));
            ps.setString(4, seedHash);
            ps.setObject(5, now());
            ps.setString(6, cipher.currentKeyId());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (find(provider, locationId).isPresent()) {
                return false; // unique key: someone else inserted it
            }
            throw new IllegalStateException("storing the token of " + provider + "/" + locationId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code next} if the row still has {@code expectedVersion}, bumping the version.
     * False when another writer got there first.
     */
    public boolean replace(long expectedVersion, StoredToken next) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, expectedVersion, next);
        } catch (SQLException e) {
            throw new IllegalStateException("storing the token of " + next.provider() + "/" + next.locationId() + ": "
                    + e.getMessage(), e);
        }
    }

    private boolean update(Connection c, long expectedVersion, StoredToken next) throws SQLException {
        String sql = "UPDATE tokens SET access_token = ?, refresh_token = ?, expires_at = ?, scopes = ?, seed_hash = ?,"
                + " refused_hash = ?, refused_reason = ?, version = version + 1, updated_at = ?, key_id = ?"
                + " WHERE provider = ? AND location_id = ? AND version = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cipher.encrypt(next.accessToken(), identity(next.provider(), next.locationId(), "access")));
            ps.setString(2, cipher.encrypt(next.refreshToken(), identity(next.provider(), next.locationId(), "refresh")));
            ps.setObject(3, next.expiresAt() == null ? null : OffsetDateTime.ofInstant(next.expiresAt(), ZoneOffset.UTC));
            ps.setString(4, next.scopes());
            ps.setString(5, next.seedHash());
            ps.setString(6, next.refusedHash());
            ps.setString(7, next.refusedReason());
            ps.setObject(8, now());
            ps.setString(9, cipher.currentKeyId());
            ps.setString(10, next.provider());
            ps.setString(11, next.locationId());
            ps.setLong(12, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Stores a pair from a new consent (authorization-code grant) whatever the row held: a new
     * row, or the existing one overwritten with its version bumped, so a replica holding the old
     * pair re-reads. Returns the row as stored.
     */
    public StoredToken save(StoredToken pair) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<StoredToken> row = find(pair.provider(), pair.locationId());
            if (row.isEmpty()) {
                if (insertSeed(pair.provider(), pair.locationId(), pair.refreshToken(), pair.seedHash())) {
                    row = find(pair.provider(), pair.locationId());
                } else {
                    continue;
                }
            }
            if (replace(row.orElseThrow().version(), pair)) {
                return find(pair.provider(), pair.locationId()).orElseThrow();
            }
        }
        throw new IllegalStateException("storing the token of " + pair.provider() + "/" + pair.locationId()
                + ": the row kept changing under us");
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /**
     * Re-encrypts every row not yet under the current key (rows in clear text included), each by
     * the version it was read with, so a refresh running meanwhile wins and keeps its own (already
     * current) encryption. Returns how many rows were re-encrypted.
     */
    public int reencryptAll() {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT provider, location_id FROM tokens WHERE key_id IS NULL OR key_id <> ?")) {
            ps.setString(1, cipher.currentKeyId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing the tokens to re-encrypt: " + e.getMessage(), e);
        }
        int done = 0;
        for (String[] row : rows) {
            Optional<StoredToken> token = find(row[0], row[1]);
            if (token.isPresent() && rewrite(token.get())) {
                done++;
            }
        }
        return done;
    }

    /** Writes the row's values again, unchanged but under the current key (same version). */
    private boolean rewrite(StoredToken t) {
        String sql = "UPDATE tokens SET access_token = ?, refresh_token = ?, key_id = ?"
                + " WHERE provider = ? AND location_id = ? AND version = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cipher.encrypt(t.accessToken(), identity(t.provider(), t.locationId(), "access")));
            ps.setString(2, cipher.encrypt(t.refreshToken(), identity(t.provider(), t.locationId(), "refresh")));
            ps.setString(3, cipher.currentKeyId());
            ps.setString(4, t.provider());
            ps.setString(5, t.locationId());
            ps.setLong(6, t.version());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("re-encrypting the token of " + t.provider() + "/" + t.locationId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Associated data of a token column: a value moved to another row or column does not decrypt. */
    private static String identity(String provider, String locationId, String column) {
        return "tokens/" + provider + "/" + locationId + "/" + column;
    }
}
