package io.contactsbridge.api;

/**
 * No answer at all (connection refused or reset, timeout): the request may or may not have been
 * applied. Transient; retried with backoff (a create is looked up before it is sent again).
 */
public class NoAnswer extends ApiException {
    public NoAnswer(ApiCall call, Throwable cause) {
        super(call, 0, "no answer: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
