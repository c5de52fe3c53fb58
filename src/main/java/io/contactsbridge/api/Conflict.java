package io.contactsbridge.api;

/** 409: the API refuses the request as conflicting with what exists (a duplicate name, a changed version). */
public class Conflict extends ApiException {
    public Conflict(ApiCall call, int status, String detail) {
        super(call, status, detail, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
