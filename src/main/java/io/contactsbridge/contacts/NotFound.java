package io.contactsbridge.contacts;

/** 404: the contact, task or note does not exist (any more). Not retried; flows decide (e.g. re-create or drop). */
public class NotFound extends HighLevelException {
    public NotFound(String operationId, int status, String message) {
        super(operationId, status, message, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
