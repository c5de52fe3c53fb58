package io.contactsbridge.api;

/** 404: the record (or the account) does not exist. */
public class NotFound extends ApiException {
    public NotFound(ApiCall call, int status, String detail) {
        super(call, status, detail, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
