package io.contactsbridge.contacts;

import io.contactsbridge.api.ApiException;

/**
 * A failed HighLevel Contacts API call. Subclasses are what error handlers route on:
 * {@link Invalid}, {@link Unauthorized}, {@link ScopeMissing}, {@link NotFound} and
 * {@link ReauthorizationRequired} are permanent; {@link RateLimited}, {@link ServerError} and
 * {@link IoFailure} are transient and retried by the operation routes. Messages carry the API's own
 * message and the operation, never a token.
 */
public abstract class HighLevelException extends ApiException {
    public static final String SYSTEM = "highlevel";
    private final String operationId;

    protected HighLevelException(String operationId, int status, String message, Throwable cause) {
        super(SYSTEM, status, "HighLevel " + operationId + ": " + message, cause);
        this.operationId = operationId;
    }

    /** The operation that failed ({@code create-task}, ...). */
    public String operationId() {
        return operationId;
    }
}
