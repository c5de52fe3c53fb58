package io.contactsbridge.api;

/**
 * A failed call to an external API, typed so error handlers can route on it: permanent errors
 * (invalid data, missing scope, not found) go to dead letters at once; transient ones (429, 5xx,
 * I/O) are retried with backoff. Each connector subclasses it; messages never contain a secret.
 */
public abstract class ApiException extends RuntimeException {
    private final String system;
    private final int status;

    protected ApiException(String system, int status, String message, Throwable cause) {
        super(message, cause);
        this.system = system;
        this.status = status;
    }

    /** The external system ({@code highlevel}, {@code toggl}, ...). */
    public String system() {
        return system;
    }

    /** HTTP status, or 0 for an I/O failure without an answer. */
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
