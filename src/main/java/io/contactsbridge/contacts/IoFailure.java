package io.contactsbridge.contacts;

/** No answer (connection refused, reset, timeout). Transient; retried with backoff. */
public class IoFailure extends HighLevelException {
    public IoFailure(String operationId, Throwable cause) {
        super(operationId, 0, "no answer: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
