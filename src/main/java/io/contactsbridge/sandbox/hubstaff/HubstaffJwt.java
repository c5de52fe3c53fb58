package io.contactsbridge.sandbox.hubstaff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hubstaff's tokens are JWTs (issued-at, expiry, scopes inside). The sandbox signs its access and
 * refresh tokens with one HS256 key, so the API simulator checks an access token the token endpoint
 * issued without the two sharing anything else (as the real API checks them against its JWKS).
 */
final class HubstaffJwt {
    private static final byte[] KEY = "contacts-bridge-sandbox-hubstaff-signing-key".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    static final String ACCESS = "access";
    static final String REFRESH = "refresh";

    private HubstaffJwt() {
    }

    /** A signed token for {@code userId}: {@code typ} access or refresh, issued now (ms), expiring at {@code expMillis}. */
    static String issue(String typ, long userId, long nowMillis, long expMillis) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", String.valueOf(userId));
        claims.put("typ", typ);
        claims.put("iat", nowMillis / 1000);
        claims.put("iat_ms", nowMillis);
        claims.put("exp", expMillis / 1000);
        claims.put("scope", "openid profile email hubstaff:read hubstaff:write");
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String head = ENC.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String body = ENC.encodeToString(JSON.writeValueAsBytes(claims));
            return head + "." + body + "." + ENC.encodeToString(mac(head + "." + body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a token this sandbox signed, or empty (not a JWT, or a wrong signature). */
    static Optional<Map<String, Object>> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = mac(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
            return Optional.of(claims);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
