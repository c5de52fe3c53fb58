package io.contactsbridge.hubstaff;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * Hubstaff's error answers: a JSON object {@code {"error": "<message>"}} (the kit reads it). A 401
 * renews the access token once (the pipeline's rule); a 403 is the account, not the token ("API
 * access is only for organizations on an active plan"), so it is not renewed; a 409 is a stale
 * {@code lock_version} ({@code Conflict}), which the to-do save re-reads and resolves.
 */
final class HubstaffErrors implements ErrorMapper {

    @Override
    public ApiException error(ApiOperation operation, ApiCall call, int status, String message, String body,
                              long retryAfterMillis, boolean renewed) {
        if (status == 403) {
            return new Unauthorized(call, status, message + " (the organization's plan or the token's user lacks access)");
        }
        return ErrorMapper.super.error(operation, call, status, message, body, retryAfterMillis, renewed);
    }
}
