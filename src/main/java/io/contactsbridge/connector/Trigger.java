package io.contactsbridge.connector;

import java.util.List;

/**
 * A catalog entry for something that starts a sync: a webhook event type the connector receives,
 * or a poll of changes since a watermark.
 *
 * @param kind     {@code webhook} or {@code poll}
 * @param id       the event type ({@code ContactCreate}, {@code client created}) or the poll's name
 * @param entity   the canonical entity it produces ({@code contact}, {@code client})
 * @param actions  the actions it produces ({@code created}, {@code updated}, ...)
 */
public record Trigger(String connector, String kind, String id, String entity, List<String> actions, String description) {
    public static final String WEBHOOK = "webhook";
    public static final String POLL = "poll";
}
