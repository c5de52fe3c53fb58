package io.contactsbridge.connector.webhook;

/** Values from a webhook body made safe for a log line or an error message. */
public final class WebhookText {
    private WebhookText() {
    }

    /** Printable ASCII, at most 80 characters; {@code -} for null. */
    public static String printable(String value) {
        if (value == null) {
            return "-";
        }
        String s = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
