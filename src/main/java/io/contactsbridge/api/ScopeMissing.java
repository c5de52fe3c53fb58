package io.contactsbridge.api;

/**
 * The grant lacks a permission (OAuth scope) the operation needs: permanent until someone
 * re-authorises the app with that scope.
 */
public class ScopeMissing extends ApiException {
    private final String scope;

    public ScopeMissing(ApiCall call, int status, String scope, String detail) {
        super(call, status, "missing scope " + scope + " (" + detail + ")", null);
        this.scope = scope;
    }

    /** The scope the operation needs ({@code contacts.write}, ...). */
    public String scope() {
        return scope;
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
