package io.contactsbridge.contacts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * HighLevel's error answers: the message is {@code message} (a string, or a list as in 422), else
 * {@code error}; a 401 that says the token "is not authorized for this scope", and any 403, mean a
 * missing scope (not renewable); another 401 renews an OAuth token once.
 */
final class HighLevelErrors implements ErrorMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean oauth;

    HighLevelErrors(boolean oauth) {
        this.oauth = oauth;
    }

    @Override
    public String message(int status, String body) {
        Map<?, ?> json = parse(body);
        Object m = json.get("message");
        if (m instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).collect(Collectors.joining("; "));
        }
        for (Object v : new Object[] {m, json.get("error_description"), json.get("error")}) {
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        if (body != null && !body.isBlank()) {
            String oneLine = body.replaceAll("\\s+", " ").trim();
            return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
        }
        return "HTTP " + status;
    }

    @Override
    public boolean renewable(int status, String body) {
        return status == 401 && !isScopeError(body);
    }

    @Override
    public ApiException error(ApiOperation operation, ApiCall call, int status, String message, String body,
                              long retryAfterMillis, boolean renewed) {
        if (status == 403 || (status == 401 && isScopeError(body))) {
            return new ScopeMissing(call, status, operation.scope(), message);
        }
        if (status == 401) {
            return new Unauthorized(call, status, message + (oauth
                    ? " (refused again after a token refresh)" : " (check HIGHLEVEL_TOKEN)"));
        }
        return ErrorMapper.super.error(operation, call, status, message, body, retryAfterMillis, renewed);
    }

    /** HighLevel says "The token is not authorized for this scope." on a 401 for a missing scope. */
    static boolean isScopeError(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("scope");
    }

    private static Map<?, ?> parse(String body) {
        try {
            Object o = body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Object.class);
            return o instanceof Map<?, ?> m ? m : Map.of();
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
