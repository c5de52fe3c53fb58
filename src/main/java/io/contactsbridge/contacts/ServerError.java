package io.contactsbridge.contacts;

/** 5xx: retried with backoff. */
public class ServerError extends HighLevelException {
    public ServerError(String operationId, int status, String message) {
        super(operationId, status, message, null);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
