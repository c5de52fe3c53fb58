package io.contactsbridge.contacts;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.ops.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** The refresh grant through camel-http: {@code POST <base>/oauth/token}, form-encoded, no Authorization. */
final class CamelTokenEndpoint implements TokenEndpoint {
    static final String OPERATION = "oauth-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The token endpoint spends the old refresh token before it answers: giving up on a slow answer
     * loses the new pair for good (re-authorisation). So it gets at least this long, whatever the
     * API calls' timeout is.
     */
    static final int MIN_RESPONSE_TIMEOUT_MILLIS = 60_000;

    private final CamelContext context;
    private final HighLevelConfig config;
    private final String uri;
    private volatile ProducerTemplate template;

    CamelTokenEndpoint(CamelContext context, HighLevelConfig config) {
        this.context = context;
        this.config = config;
        this.uri = config.baseUrl() + "/oauth/token?throwExceptionOnFailure=false"
                + "&connectTimeout=" + config.connectTimeoutMillis() + "&responseTimeout=" + Math.max(config.responseTimeoutMillis(), MIN_RESPONSE_TIMEOUT_MILLIS);
    }

    @Override
    public TokenResponse refresh(String refreshToken) throws InvalidGrant {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", config.clientId());
        form.put("client_secret", config.clientSecret());
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("user_type", "Location");
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Exchange answer = template().request(uri, ex -> {
            ex.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            ex.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            ex.getIn().setHeader("Accept", "application/json");
            ex.getIn().setBody(body.toString());
        });
        if (answer.getException() != null) {
            if (answer.getException() instanceof IOException io) {
                throw new IoFailure(OPERATION, io);
            }
            throw new IoFailure(OPERATION, answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = answer.getMessage().getBody(String.class);
        Map<String, Object> json = parse(text);
        if (status == 200 || status == 201) {
            Object access = json.get("access_token");
            Object refresh = json.get("refresh_token");
            if (!(access instanceof String) || !(refresh instanceof String)) {
                throw new ServerError(OPERATION, status, "token response without access_token/refresh_token");
            }
            SecretMasker.register((String) access);
            SecretMasker.register((String) refresh);
            long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 86_399;
            return new TokenResponse((String) access, (String) refresh, expiresIn,
                    json.get("scope") instanceof String s ? s : null);
        }
        String message = SecretMasker.mask(HighLevelResponses.message(json, text, status));
        String error = json.get("error") instanceof String e ? e : "";
        if ("invalid_grant".equals(error) || message.contains("invalid_grant")
                || (status == 400 || status == 401) && message.toLowerCase().contains("refresh token")) {
            throw new InvalidGrant(message);
        }
        if (status == 429) {
            throw new RateLimited(OPERATION, message, HighLevelResponses.retryAfterMillis(
                    answer.getMessage().getHeader("Retry-After", String.class), 1000));
        }
        if (status >= 500) {
            throw new ServerError(OPERATION, status, message);
        }
        throw new Unauthorized(OPERATION, "the token endpoint refused the client (" + status + " " + message
                + "): check HIGHLEVEL_CLIENT_ID and HIGHLEVEL_CLIENT_SECRET");
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        try {
            Object o = text == null || text.isBlank() ? Map.of() : JSON.readValue(text, Object.class);
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
