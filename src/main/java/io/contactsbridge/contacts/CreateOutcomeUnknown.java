package io.contactsbridge.contacts;

/**
 * A create (contact, task, note) failed transiently, so it may or may not have been applied, and
 * the bridge could not find a way to look it up (for example a contact without e-mail or phone).
 * It is not re-sent, because a blind retry of a create makes duplicates; the caller decides.
 */
public class CreateOutcomeUnknown extends HighLevelException {
    public CreateOutcomeUnknown(String operationId, String message, Throwable cause) {
        super(operationId, cause instanceof HighLevelException h ? h.status() : 0, message, cause);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
