package io.contactsbridge.api;

/**
 * The token endpoint refused the stored refresh token ({@code invalid_grant}): someone must
 * authorise the app again. Permanent; never retried; shown on the connector's status.
 */
public class ReauthorizationRequired extends ApiException {
    public ReauthorizationRequired(ApiCall call, String detail) {
        super(call, 401, "re-authorisation needed: " + detail, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
