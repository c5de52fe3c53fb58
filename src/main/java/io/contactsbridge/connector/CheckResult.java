package io.contactsbridge.connector;

/** The outcome of a connection check ({@code check}): OK with what was found, or the reason it failed. */
public record CheckResult(boolean ok, String message) {
    public static CheckResult ok(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult failed(String reason) {
        return new CheckResult(false, reason);
    }
}
