package io.contactsbridge.api;

/**
 * A create failed in a way that may have applied it, and the bridge found no way to look it up (a
 * contact without e-mail, phone or name, say). It is not re-sent, because a blind retry of a create
 * makes duplicates; permanent, so a person decides (dead letter with this message).
 */
public class CreateOutcomeUnknown extends ApiException {
    public CreateOutcomeUnknown(ApiCall call, String detail, Throwable cause) {
        super(call, cause instanceof ApiException api ? api.status() : 0, detail, cause);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
