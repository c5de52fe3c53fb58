package io.contactsbridge.connector;

import java.util.List;

/**
 * Turns one raw webhook body stored in the inbox into canonical changes. A connector with a
 * webhook policy has one; the inbox consumer picks it by {@link #source()}.
 */
public interface ChangeTranslator {

    /** The inbox source this translator reads (the connector's id). */
    String source();

    /**
     * The changes in one body; empty for events no flow needs (a PING, an event type we do not
     * sync). Throws {@link IllegalArgumentException} for a body that cannot be understood: that
     * is a permanent error and goes to dead letters with the message.
     */
    List<CanonicalChange> translate(String payload);
}
