package io.contactsbridge.contacts;

/** 400 or 422: the request was refused as invalid; the message is the API's. Not retried (dead letter). */
public class Invalid extends HighLevelException {
    public Invalid(String operationId, int status, String message) {
        super(operationId, status, message, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
