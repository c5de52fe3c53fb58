package io.contactsbridge.api;

/**
 * A failed call to an external API, typed so error handlers can route on it. One taxonomy for
 * every connector: permanent errors ({@link Invalid}, {@link Unauthorized}, {@link ScopeMissing},
 * {@link NotFound}, {@link Conflict}, {@link CreateOutcomeUnknown}, {@link ReauthorizationRequired})
 * go to dead letters at once; transient ones ({@link RateLimited}, {@link QuotaExhausted},
 * {@link ServerError}, {@link NoAnswer}) are retried. Each connector maps its own error bodies onto
 * these classes; messages carry the API's own words and never a secret.
 */
public abstract class ApiException extends RuntimeException {
    private final ApiCall call;
    private final int status;

    protected ApiException(ApiCall call, int status, String detail, Throwable cause) {
        super(call.title() + " " + call.operation() + ": " + detail, cause);
        this.call = call;
        this.status = status;
    }

    public ApiCall call() {
        return call;
    }

    /** The connector ({@code highlevel}, {@code toggl}, ...). */
    public String system() {
        return call.system();
    }

    /** The operation that failed ({@code create-task}, ...). */
    public String operationId() {
        return call.operation();
    }

    /** HTTP status, or 0 when there was no answer (or the call was refused before it was sent). */
    public int status() {
        return status;
    }

    /** True when retrying the same request cannot succeed (the data or the grant must change first). */
    public abstract boolean permanent();

    /** How long the API asked us to wait before the next call (Retry-After, quota reset), or 0. */
    public long retryAfterMillis() {
        return 0;
    }
}
