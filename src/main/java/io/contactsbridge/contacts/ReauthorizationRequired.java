package io.contactsbridge.contacts;

/**
 * The OAuth token endpoint answered {@code invalid_grant}: the stored refresh token is no longer
 * accepted and someone must install/authorise the app again (then give the new refresh token in
 * HIGHLEVEL_REFRESH_TOKEN). Permanent; never retried; shown on the connector status.
 */
public class ReauthorizationRequired extends HighLevelException {
    public ReauthorizationRequired(String operationId, String message) {
        super(operationId, 401, "re-authorisation needed: " + message, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
