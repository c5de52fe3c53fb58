package io.contactsbridge.api;

/** 401/403 for the credentials themselves (wrong or revoked token): permanent until someone fixes the setting. */
public class Unauthorized extends ApiException {
    public Unauthorized(ApiCall call, int status, String detail) {
        super(call, status, detail, null);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
