package io.contactsbridge.contacts;

/** 429: the location's quota is spent. Transient; retried after {@link #retryAfterMillis()}. */
public class RateLimited extends HighLevelException {
    private final long retryAfterMillis;

    public RateLimited(String operationId, String message, long retryAfterMillis) {
        super(operationId, 429, message + " (retry after " + retryAfterMillis + " ms)", null);
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
