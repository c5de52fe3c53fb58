package io.contactsbridge.api;

/** 400, 422 and other refusals of the request itself: retrying the same data cannot succeed. */
public class Invalid extends ApiException {
    public Invalid(ApiCall call, int status, String detail) {
        super(call, status, detail, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
