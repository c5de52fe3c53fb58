package io.contactsbridge.togglfocus;

import java.util.Locale;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.Conflict;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * Toggl Focus's error answers ({@code {"error":"validation","error_description":"...","trace_id":"..."}})
 * as one-line messages on the shared taxonomy: 400 bad input, 401 a wrong key (or a Track token),
 * 402 the hourly quota (deliberately not 429) or, on a calendar set-up, an integration that already
 * exists, 403 a plan without the feature, 404 an unknown integration, calendar or entry.
 */
final class FocusErrors implements ErrorMapper {

    @Override
    public boolean renewable(int status, String body) {
        return false; // an API key or a password cannot be renewed
    }

    @Override
    public ApiException error(ApiOperation operation, ApiCall call, int status, String message, String body,
                              long retryAfterMillis, boolean renewed) {
        String op = operation.operationId();
        return switch (status) {
            case 400 -> new Invalid(call, status, "invalid request: " + message);
            case 401 -> new Unauthorized(call, status, "the key was refused (" + message
                    + "); check TOGGL_FOCUS_API_KEY (a toggl_sk_ key; Track tokens are refused)");
            case 402 -> setup(op) && alreadyExists(message)
                    ? new Conflict(call, status, "a calendar integration for this account already exists: " + message)
                    : new QuotaExhausted(call, status, "hourly request quota of the Toggl Focus plan used up"
                    + (retryAfterMillis > 0 ? ", resets in " + Math.max(1, retryAfterMillis / 1000) + " s" : "")
                    + " (" + message + ")", retryAfterMillis);
            case 403 -> new Unauthorized(call, status, "not allowed (the plan may lack this feature): " + message);
            case 404 -> new NotFound(call, status, notFound(op) + " not found: " + message);
            default -> ErrorMapper.super.error(operation, call, status, message, body, retryAfterMillis, renewed);
        };
    }

    static boolean setup(String operationId) {
        return operationId.endsWith("setup-calendar-integration");
    }

    private static boolean alreadyExists(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("exist") || !m.contains("quota") && !m.contains("limit");
    }

    private static String notFound(String operationId) {
        if (operationId.contains("time-entr")) {
            return "time entry";
        }
        if (operationId.contains("update-integration-calendar")) {
            return "calendar integration or calendar";
        }
        return "calendar integration";
    }
}
