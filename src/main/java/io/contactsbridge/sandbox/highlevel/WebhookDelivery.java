package io.contactsbridge.sandbox.highlevel;

/**
 * One webhook delivery the simulator attempted: the event type ({@code raw} for bodies sent with
 * {@link HighLevelSimulator#sendRawWebhook}), its webhookId, the exact body sent, and the receiver's
 * HTTP status ({@code -1} when it could not be reached; then {@code error} says why).
 */
public record WebhookDelivery(String type, String webhookId, String url, String body, int status, String error) {
}
