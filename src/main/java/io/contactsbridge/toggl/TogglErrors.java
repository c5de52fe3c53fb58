package io.contactsbridge.toggl;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * Toggl's error answers: the body is a JSON string literal ({@code "name has already been taken"}),
 * else raw text; 401 and 403 mean the API token is wrong or lacks the workspace (not renewable, a
 * Basic token has no refresh); 402 is the hourly quota (the gate has paused every call by then).
 */
final class TogglErrors implements ErrorMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String message(int status, String body) {
        String text = "";
        if (body != null && !body.isBlank()) {
            try {
                Object parsed = JSON.readValue(body, Object.class);
                text = parsed instanceof String s ? s : String.valueOf(parsed);
            } catch (IOException e) {
                text = body.replaceAll("\\s+", " ").trim();
            }
        }
        text = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return "HTTP " + status + (text.isBlank() ? "" : " " + text);
    }

    @Override
    public boolean renewable(int status, String body) {
        return false;
    }

    @Override
    public ApiException error(ApiOperation operation, ApiCall call, int status, String message, String body,
                              long retryAfterMillis, boolean renewed) {
        if (status == 401 || status == 403) {
            return new Unauthorized(call, status, message + " (check TOGGL_API_TOKEN and its access to the workspace)");
        }
        return ErrorMapper.super.error(operation, call, status, message, body, retryAfterMillis, renewed);
    }
}
