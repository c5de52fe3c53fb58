package io.contactsbridge.api;

/** 5xx: the API failed; transient, retried with backoff (a create is looked up first). */
public class ServerError extends ApiException {
    public ServerError(ApiCall call, int status, String detail) {
        super(call, status, detail, null);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
