package io.contactsbridge.sync;

import java.util.List;

/**
 * Turns one raw webhook body stored in the inbox (kind {@link Inbox#KIND_WEBHOOK}) into canonical
 * changes. Each connector with a webhook receiver binds one in the Camel registry; the inbox
 * consumer picks it by {@link #source()}.
 */
public interface ChangeTranslator {

    /** The inbox source this translator reads ({@code highlevel}, {@code toggl}). */
    String source();

    /**
     * The changes in one body; empty for events no flow needs (a PING, an event type we do not
     * sync). Throws {@link IllegalArgumentException} for a body that cannot be understood: that
     * is a permanent error and goes to dead letters with the message.
     */
    List<CanonicalChange> translate(String payload);
}
