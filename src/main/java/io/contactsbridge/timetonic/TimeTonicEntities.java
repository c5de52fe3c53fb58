package io.contactsbridge.timetonic;

import io.contactsbridge.connector.CanonicalChange.Entity;

/** The kinds of TimeTonic record the bridge reads (canonical entities of this connector). */
public final class TimeTonicEntities {
    /** A row of the leads table. */
    public static final Entity LEAD = Entity.of("lead");
    /** A row of the contacts table (the target of contact-to-timetonic-row). */
    public static final Entity ROW = Entity.of("row");
    /** One poll cycle: starts the summary flow. */
    public static final Entity CYCLE = Entity.of("cycle");

    private TimeTonicEntities() {
    }
}
