package io.contactsbridge.contacts;

/**
 * 403, or a 401 that says the token is not authorised for the scope: the grant lacks a scope
 * (named in the message). Permanent until someone re-authorises the app with that scope.
 */
public class ScopeMissing extends HighLevelException {
    private final String scope;

    public ScopeMissing(String operationId, int status, String scope, String message) {
        super(operationId, status, "missing scope " + scope + " (" + message + ")", null);
        this.scope = scope;
    }

    /** The scope the operation needs ({@code contacts.write}, {@code contacts.readonly}). */
    public String scope() {
        return scope;
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
