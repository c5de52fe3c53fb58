package io.contactsbridge.contacts.webhook;

import io.contactsbridge.connector.CanonicalChange.Entity;

/**
 * The kinds of HighLevel record the bridge reads and writes (canonical entities of this connector);
 * beside the webhook events that produce most of them, so this package needs nothing from {@code contacts}.
 */
public final class HighLevelEntities {
    public static final Entity CONTACT = Entity.of("contact");
    /** A contact's tags changed (ContactTagUpdate). */
    public static final Entity TAG = Entity.of("tag");
    public static final Entity TASK = Entity.of("task");
    public static final Entity NOTE = Entity.of("note");
    public static final Entity APPOINTMENT = Entity.of("appointment");
    /** A contact's do-not-disturb settings changed (ContactDndUpdate): the contact, with {@code dndChannels}. */
    public static final Entity DND = Entity.of("contact_dnd");

    private HighLevelEntities() {
    }
}
