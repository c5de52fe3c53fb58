package io.contactsbridge.connector.http;

import java.time.Instant;

/**
 * One window of a connector's quota as the status page and the quota alert read it, whatever the
 * vendor calls it: HighLevel's burst and daily windows, Toggl's hourly plan quota per scope.
 *
 * @param window    short name ({@code burst}, {@code daily}, {@code hourly user})
 * @param remaining requests left, or -1 while the API has not said yet
 * @param limit     the window's size, or -1 when not known
 * @param resetsAt  when the window starts again, or null when not known
 */
public record QuotaLevel(String window, long remaining, long limit, Instant resetsAt) {

    /** Remaining as a share of the limit (0..1), or -1 when either is not known. */
    public double fractionLeft() {
        if (remaining < 0 || limit <= 0) {
            return -1;
        }
        return Math.min(1.0, (double) remaining / limit);
    }
}
