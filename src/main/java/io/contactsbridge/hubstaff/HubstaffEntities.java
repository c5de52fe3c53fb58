package io.contactsbridge.hubstaff;

import io.contactsbridge.connector.CanonicalChange.Entity;

/** The kinds of Hubstaff record the bridge reads (canonical entities of this connector). */
public final class HubstaffEntities {
    public static final Entity CLIENT = Entity.of("client");
    public static final Entity PROJECT = Entity.of("project");
    /** A Hubstaff task, which its UI calls a to-do. */
    public static final Entity TODO = Entity.of("todo");
    public static final Entity MEMBER = Entity.of("member");
    /** The time tracked on one client's projects on one day (id {@code <client id>:<YYYY-MM-DD>}). */
    public static final Entity CLIENT_DAY = Entity.of("client_day");
    /** Webhook events without a record the flows sync (timers, shifts): stored, not synced. */
    public static final Entity EVENT = Entity.of("event");

    private HubstaffEntities() {
    }
}
