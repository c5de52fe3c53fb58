package io.contactsbridge.api;

/** 429: too many requests in the API's short window. Transient; retried after {@link #retryAfterMillis()}. */
public class RateLimited extends ApiException {
    private final long retryAfterMillis;

    public RateLimited(ApiCall call, String detail, long retryAfterMillis) {
        super(call, 429, detail + " (retry after " + retryAfterMillis + " ms)", null);
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
