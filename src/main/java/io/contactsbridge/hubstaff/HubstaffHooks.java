package io.contactsbridge.hubstaff;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.contactsbridge.config.SecretMasker;

/**
 * The {@code hubstaff_webhook} table: the subscriptions this bridge made, each with the unguessable
 * token its target URL carries ({@code /webhooks/hubstaff/<token>}) and the {@code X-Hook-Secret} of
 * its handshake. Tokens and secrets are registered with the log masker as soon as they are seen.
 */
final class HubstaffHooks {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DataSource dataSource;

    /** One subscription. {@code toString} hides the token and the secret. */
    record Hook(String token, String webhookId, String secret, String callbackUrl, String events, boolean active) {
        @Override
        public String toString() {
            return "Hook[" + webhookId + ", active=" + active + "]";
        }
    }

    HubstaffHooks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new token: 32 random bytes, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SecretMasker.register(token);
        return token;
    }

    void insert(String token, String callbackUrl, String events) {
        update("INSERT INTO hubstaff_webhook (path_token, callback_url, events, active, created_at) VALUES (?, ?, ?, FALSE, ?)",
                token, callbackUrl, events, OffsetDateTime.now(ZoneOffset.UTC));
    }

    void recordSecret(String token, String secret) {
        SecretMasker.register(secret);
        update("UPDATE hubstaff_webhook SET hook_secret = ? WHERE path_token = ?", secret, token);
    }

    void recordId(String token, String webhookId) {
        update("UPDATE hubstaff_webhook SET webhook_id = ? WHERE path_token = ?", webhookId, token);
    }

    void activated(String token) {
        update("UPDATE hubstaff_webhook SET active = TRUE WHERE path_token = ?", token);
    }

    void delete(String token) {
        update("DELETE FROM hubstaff_webhook WHERE path_token = ?", token);
    }

    Optional<Hook> find(String token) {
        return query("WHERE path_token = ?", token).stream().findFirst();
    }

    Optional<Hook> byWebhookId(String webhookId) {
        return query("WHERE webhook_id = ?", webhookId).stream().findFirst();
    }

    List<Hook> all() {
        return query("ORDER BY created_at", null);
    }

    private List<Hook> query(String where, String value) {
        String sql = "SELECT path_token, webhook_id, hook_secret, callback_url, events, active FROM hubstaff_webhook " + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (value != null) {
                ps.setString(1, value);
            }
            List<Hook> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SecretMasker.register(rs.getString(1));
                    if (rs.getString(3) != null) {
                        SecretMasker.register(rs.getString(3));
                    }
                    out.add(new Hook(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the Hubstaff webhook subscriptions: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... values) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing a Hubstaff webhook subscription: " + e.getMessage(), e);
        }
    }
}
