package io.contactsbridge.connector.webhook;

/**
 * A webhook refused before anything was stored: the HTTP status, a short machine-readable reason
 * (also the {@code reason} tag of the rejection metric) and a message for the sender. Messages
 * never quote the body or a secret: they are written to the log and sent back as they are.
 */
public final class WebhookRejection extends RuntimeException {
    private final int status;
    private final String reason;

    public WebhookRejection(int status, String reason, String message) {
        // no stack trace: rejections are expected, frequent under attack, and logged as one line
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public static WebhookRejection badRequest(String reason, String message) {
        return new WebhookRejection(400, reason, message);
    }

    public static WebhookRejection unauthorized(String reason, String message) {
        return new WebhookRejection(401, reason, message);
    }

    /** 409: a replay (stale or far-future timestamp, repeated event id). */
    public static WebhookRejection conflict(String reason, String message) {
        return new WebhookRejection(409, reason, message);
    }
}
