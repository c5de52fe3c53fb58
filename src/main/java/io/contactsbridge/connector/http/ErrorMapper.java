package io.contactsbridge.connector.http;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.Conflict;
import io.contactsbridge.api.ErrorBody;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.api.Unauthorized;

/**
 * Turns a connector's error answers into the shared taxonomy of {@code api/}. The default reading
 * follows HTTP; a connector overrides what its API means differently (HighLevel: a 401 naming a
 * scope is {@code ScopeMissing}; Toggl: 403 means bad credentials) and how its error bodies carry
 * the message (a JSON object's {@code message}, Toggl's bare JSON string).
 */
public interface ErrorMapper {

    /**
     * The API's own words from an error body (one line, at most a few hundred characters); by
     * default the common JSON shapes ({@link ErrorBody}).
     */
    default String message(int status, String body) {
        return ErrorBody.message(status, body);
    }

    /**
     * True when a 401 (or similar; any status, 2xx included, as TimeTonic's "invalid session" comes
     * with HTTP 200) should make the pipeline renew the credential and send once more.
     */
    default boolean renewable(int status, String body) {
        return status == 401;
    }

    /**
     * The typed exception for a 2xx answer whose body says the call failed (TimeTonic answers
     * {@code {"status":"nok","errorMsg":...}} with HTTP 200), or null when it succeeded (the default).
     * {@code renewed}: the credential was renewed after {@link #renewable} said so for this answer.
     */
    default ApiException refusedIn2xx(ApiOperation operation, ApiCall call, int status, String body, boolean renewed) {
        return null;
    }

    /**
     * The typed exception for a non-2xx answer. {@code retryAfterMillis} is what the quota gate
     * read from the answer; {@code renewed} tells that the credential was renewed after a first
     * refusal, so this answer refused the new one too.
     */
    default ApiException error(ApiOperation operation, ApiCall call, int status, String message, String body,
                               long retryAfterMillis, boolean renewed) {
        return switch (status) {
            case 400, 422 -> new Invalid(call, status, message);
            case 401, 403 -> new Unauthorized(call, status, message + (renewed ? " (refused again after a token refresh)" : ""));
            case 402 -> new QuotaExhausted(call, status, message, retryAfterMillis);
            case 404 -> new NotFound(call, status, message);
            case 409 -> new Conflict(call, status, message);
            case 429 -> new RateLimited(call, message, retryAfterMillis);
            default -> status >= 500 ? new ServerError(call, status, message)
                    : new Invalid(call, status, "unexpected answer: " + message);
        };
    }
}
