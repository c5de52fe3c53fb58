package io.contactsbridge.contacts;

/**
 * 401 that survived one token refresh and one retry (or a static token that is refused): the
 * credentials are wrong or revoked. Permanent.
 */
public class Unauthorized extends HighLevelException {
    public Unauthorized(String operationId, String message) {
        super(operationId, 401, message, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
