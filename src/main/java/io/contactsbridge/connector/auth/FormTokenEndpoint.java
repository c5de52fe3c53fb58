package io.contactsbridge.connector.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ErrorBody;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.RetryAfter;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.config.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The refresh and authorization-code grants through a camel-http producer: {@code POST <token url>},
 * form-encoded ({@code grant_type=refresh_token} with {@code refresh_token}, or
 * {@code grant_type=authorization_code} with {@code code} and {@code redirect_uri}, plus the
 * connector's own fields, such as {@code client_id} and {@code client_secret}), no Authorization header. An {@code invalid_grant}
 * answer is {@link InvalidGrant}; 429, 5xx and no answer are the transient typed errors; any other
 * refusal means the client itself is wrong ({@link Unauthorized}, with {@code clientHint}).
 */
public final class FormTokenEndpoint implements TokenEndpoint {
    /**
     * The token endpoint spends the old refresh token before it answers: giving up on a slow answer
     * loses the new pair for good (re-authorisation). So it gets at least this long, whatever the
     * API calls' timeout is.
     */
    static final int MIN_RESPONSE_TIMEOUT_MILLIS = 60_000;

    private final CamelContext context;
    private final ApiCall call;
    private final String uri;
    private final Map<String, String> fields;
    private final String clientHint;
    private volatile ProducerTemplate template;

    /**
     * @param tokenUrl   the endpoint ({@code https://services.leadconnectorhq.com/oauth/token})
     * @param fields     sent with every refresh besides grant_type and refresh_token (client id, secret, user type)
     * @param clientHint what to check when the client is refused ("check HIGHLEVEL_CLIENT_ID and ...")
     */
    public FormTokenEndpoint(CamelContext context, ApiCall call, String tokenUrl, Map<String, String> fields,
                             int connectTimeoutMillis, int responseTimeoutMillis, String clientHint) {
        this.context = context;
        this.call = call;
        this.fields = new LinkedHashMap<>(fields);
        this.clientHint = clientHint;
        this.uri = tokenUrl + "?throwExceptionOnFailure=false&connectTimeout=" + connectTimeoutMillis
                + "&responseTimeout=" + Math.max(responseTimeoutMillis, MIN_RESPONSE_TIMEOUT_MILLIS);
    }

    @Override
    public TokenResponse refresh(String refreshToken) throws InvalidGrant {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return grant(form).tokens();
    }

    /** {@code grant_type=authorization_code} with the code and the consent URL's redirect URI. */
    @Override
    public CodeGrant exchangeCode(String code, String redirectUri) throws InvalidGrant {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return grant(form);
    }

    @SuppressWarnings("unchecked")
    private CodeGrant grant(Map<String, String> grantFields) throws InvalidGrant {
        Map<String, String> form = new LinkedHashMap<>(grantFields);
        form.putAll(fields);
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
            throw new NoAnswer(call, answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = answer.getMessage().getBody(String.class);
        SecretMasker.registerTokensIn(call.system(), text); // before parsing, or any error, could print them
        Map<?, ?> json = ErrorBody.object(text);
        if (status == 200 || status == 201) {
            if (!(json.get("access_token") instanceof String access) || !(json.get("refresh_token") instanceof String refresh)) {
                throw new ServerError(call, status, "token response without access_token/refresh_token");
            }
            // before anything could log them
            SecretMasker.registerIssued(call.system(), access);
            SecretMasker.registerIssued(call.system(), refresh);
            long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 86_399;
            Map<String, Object> rest = new LinkedHashMap<>((Map<String, Object>) json);
            rest.remove("access_token");
            rest.remove("refresh_token");
            return new CodeGrant(new TokenResponse(access, refresh, expiresIn, json.get("scope") instanceof String s ? s : null),
                    rest);
        }
        String message = SecretMasker.mask(ErrorBody.message(status, text));
        String error = json.get("error") instanceof String e ? e : "";
        if ("invalid_grant".equals(error) || message.contains("invalid_grant")
                || (status == 400 || status == 401) && message.toLowerCase().contains("refresh token")
                || (status == 400 || status == 401) && message.toLowerCase().contains("authorization code")) {
            throw new InvalidGrant(message);
        }
        if (status == 429) {
            throw new RateLimited(call, message,
                    RetryAfter.millis(answer.getMessage().getHeader("Retry-After", String.class), 1000));
        }
        if (status >= 500) {
            throw new ServerError(call, status, message);
        }
        throw new Unauthorized(call, status, "the token endpoint refused the client (" + status + " " + message + "): "
                + clientHint);
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
}
