package io.contactsbridge.hubstaff;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.auth.RotatingTokenProvider;
import io.contactsbridge.connector.auth.TokenStore;
import org.apache.camel.CamelContext;

/**
 * What the status data shows about Hubstaff's tokens. A personal access token is a refresh token that
 * lives 90 days; Hubstaff's tokens are JWTs, so the stored refresh token's {@code exp} says when it
 * ends. Within {@code hubstaff.refresh-token-warn-days} of that the status carries a warning and an
 * alert is raised once (resolved when a newer token is stored).
 */
final class HubstaffTokenStatus {
    static final String ALERT = "hubstaff.refresh-token-expiry";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubstaffTokenStatus() {
    }

    static Map<String, Object> status(CamelContext context, RotatingTokenProvider tokens, int warnDays, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auth", tokens.mode() + " (rotating refresh token)");
        TokenStore.StoredToken stored = tokens.stored().orElse(null);
        if (stored == null) {
            m.put("refreshToken", "not exchanged yet");
            return m;
        }
        m.put("accessTokenExpiresAt", stored.expiresAt() == null ? null : stored.expiresAt().toString());
        Instant ends = expiry(stored.refreshToken());
        if (ends == null) {
            m.put("refreshTokenExpiresAt", "unknown (not a JWT)");
            return m;
        }
        long daysLeft = Duration.between(now, ends).toDays();
        m.put("refreshTokenExpiresAt", ends.toString());
        m.put("refreshTokenDaysLeft", daysLeft);
        if (daysLeft < warnDays) {
            String warning = "the Hubstaff refresh token ends " + ends + " (" + Math.max(daysLeft, 0)
                    + " days left): create a new personal access token and set HUBSTAFF_REFRESH_TOKEN";
            m.put("warning", warning);
            Alerts.of(context).raise(ALERT, HubstaffConnector.ID, warning);
        } else {
            Alerts.of(context).resolve(ALERT, "the Hubstaff refresh token is good until " + ends);
        }
        return m;
    }

    /** The {@code exp} of a JWT, or null when the token is not one. */
    static Instant expiry(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Map<?, ?> claims = JSON.readValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.class);
            return claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
