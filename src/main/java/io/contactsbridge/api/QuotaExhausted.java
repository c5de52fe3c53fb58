package io.contactsbridge.api;

/**
 * The API's longer quota is spent (Toggl's hourly quota answers 402), or the bridge already knows
 * it is and did not send the call (status 0). Transient: nothing goes to that API until
 * {@link #retryAfterMillis()} has passed.
 */
public class QuotaExhausted extends ApiException {
    private final long retryAfterMillis;

    public QuotaExhausted(ApiCall call, int status, String detail, long retryAfterMillis) {
        super(call, status, detail, null);
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
