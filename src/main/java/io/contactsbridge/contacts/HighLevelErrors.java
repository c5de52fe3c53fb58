package io.contactsbridge.contacts;

import java.util.Locale;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.ScopeMissing;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * HighLevel's error answers (NestJS: {@code message} a string, or a list as in 422, read by the
 * default {@link ErrorMapper#message}): a 401 that says the token "is not authorized for this
 * scope", and any 403, mean a missing scope (not renewable); another 401 renews an OAuth token once,
 * and a private integration token's 401 is final.
 */
final class HighLevelErrors implements ErrorMapper {

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
            return new Unauthorized(call, status, message + (renewed
                    ? " (refused again after a token refresh)" : " (check " + Settings.envName(HighLevelConfig.TOKEN) + ")"));
        }
        return ErrorMapper.super.error(operation, call, status, message, body, retryAfterMillis, renewed);
    }

    /** HighLevel says "The token is not authorized for this scope." on a 401 for a missing scope. */
    static boolean isScopeError(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("scope");
    }
}
