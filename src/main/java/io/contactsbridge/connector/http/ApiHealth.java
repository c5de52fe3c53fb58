package io.contactsbridge.connector.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How a connector's API has been answering lately, from every request its operation routes sent:
 * the last success, the last failure with its status and (masked) message, how many failed in a
 * row, and the failures of the last minutes. The operations console reads it to tell OK from
 * degraded from failing without spending a request of the vendor's quota.
 */
public final class ApiHealth {
    /** A failure: HTTP status ({@code 0} when no answer came) and the masked error message. */
    public record Failure(Instant at, int status, String operationId, String message) {
        /** 401/403: the credential or its permissions; retrying does not help. */
        public boolean credentials() {
            return status == 401 || status == 403;
        }

        /** 402/429: quota spent or rate limited; the calls resume by themselves. */
        public boolean quota() {
            return status == 402 || status == 429;
        }
    }

    private static final int KEEP = 200;
    private final Clock clock;
    private final Deque<Instant> recentFailures = new ArrayDeque<>();
    private volatile Instant lastSuccess;
    private volatile Failure lastFailure;
    private volatile int failuresInARow;

    public ApiHealth() {
        this(Clock.systemUTC());
    }

    public ApiHealth(Clock clock) {
        this.clock = clock;
    }

    /** A 2xx, or a 4xx about the request itself (404, 409, 422): the connection works. */
    public void answered(int status) {
        lastSuccess = clock.instant();
        failuresInARow = 0;
    }

    public synchronized void failed(int status, String operationId, String message) {
        Instant now = clock.instant();
        lastFailure = new Failure(now, status, operationId, message);
        failuresInARow++;
        recentFailures.addLast(now);
        while (recentFailures.size() > KEEP) {
            recentFailures.removeFirst();
        }
    }

    /** True for the answers that say the connection (not the request) has a problem. */
    public static boolean connectionProblem(int status) {
        return status == 0 || status == 401 || status == 402 || status == 403 || status == 429 || status >= 500;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Failure lastFailure() {
        return lastFailure;
    }

    public int failuresInARow() {
        return failuresInARow;
    }

    public synchronized int failuresWithin(Duration window) {
        Instant since = clock.instant().minus(window);
        return (int) recentFailures.stream().filter(at -> at.isAfter(since)).count();
    }
}
