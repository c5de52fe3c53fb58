package io.contactsbridge.toggl;

import io.contactsbridge.api.ApiException;

/**
 * A failed Toggl Track call. Subclasses say what to do: {@link QuotaExhausted} (402: every Toggl
 * call waits for the quota reset), {@link RateLimited} (429: back off), {@link NotFound},
 * {@link Unauthorized} and {@link Invalid} (permanent), {@link Unavailable} (5xx or I/O: retry).
 * Messages carry Toggl's error text (a JSON string literal in its answers), never a credential.
 */
public abstract class TogglApiException extends ApiException {
    private final String operation;

    protected TogglApiException(int status, String operation, String message, Throwable cause) {
        super("toggl", status, operation + ": " + message, cause);
        this.operation = operation;
    }

    /** The operation that failed ({@code create-client}, {@code GET /me/clients}, ...). */
    public String operation() {
        return operation;
    }

    public static TogglApiException of(int status, String operation, String message, long retryAfterMillis) {
        if (status == 402) {
            return new QuotaExhausted(operation, message, retryAfterMillis);
        }
        if (status == 429) {
            return new RateLimited(operation, message, retryAfterMillis);
        }
        if (status == 404) {
            return new NotFound(operation, message);
        }
        if (status == 401 || status == 403) {
            return new Unauthorized(status, operation, message);
        }
        if (status >= 400 && status < 500) {
            return new Invalid(status, operation, message);
        }
        return new Unavailable(status, operation, message, null);
    }

    /** 402: the hourly quota is spent; no Toggl call is made until {@link #retryAfterMillis()} has passed. */
    public static final class QuotaExhausted extends TogglApiException {
        private final long retryAfterMillis;

        public QuotaExhausted(String operation, String message, long retryAfterMillis) {
            super(402, operation, message, null);
            this.retryAfterMillis = retryAfterMillis;
        }

        @Override
        public boolean permanent() {
            return false;
        }

        @Override
        public long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    /** 429: too many requests in a burst (leaky bucket); retry after the pause. */
    public static final class RateLimited extends TogglApiException {
        private final long retryAfterMillis;

        public RateLimited(String operation, String message, long retryAfterMillis) {
            super(429, operation, message, null);
            this.retryAfterMillis = retryAfterMillis;
        }

        @Override
        public boolean permanent() {
            return false;
        }

        @Override
        public long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    public static final class NotFound extends TogglApiException {
        public NotFound(String operation, String message) {
            super(404, operation, message, null);
        }

        @Override
        public boolean permanent() {
            return true;
        }
    }

    /** 401/403: the API token is wrong or lacks access to the workspace. */
    public static final class Unauthorized extends TogglApiException {
        public Unauthorized(int status, String operation, String message) {
            super(status, operation, message, null);
        }

        @Override
        public boolean permanent() {
            return true;
        }
    }

    /** Other 4xx: Toggl refused the data; retrying the same request cannot help. */
    public static final class Invalid extends TogglApiException {
        public Invalid(int status, String operation, String message) {
            super(status, operation, message, null);
        }

        @Override
        public boolean permanent() {
            return true;
        }
    }

    /** 5xx or no answer at all (status 0). */
    public static final class Unavailable extends TogglApiException {
        public Unavailable(int status, String operation, String message, Throwable cause) {
            super(status, operation, message, cause);
        }

        @Override
        public boolean permanent() {
            return false;
        }
    }
}
