package io.contactsbridge.contacts.webhook;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.contactsbridge.connector.CanonicalChange.Action;
import io.contactsbridge.connector.CanonicalChange.Entity;

/**
 * The HighLevel webhook event types the bridge syncs, by the body's {@code type} field (as sent:
 * the docs' AppointmentUpdate/Delete examples say {@code "type":"AppointmentCreate"}; we act on
 * what the body says, since that is all a receiver can know). Every other type is stored and
 * ignored.
 */
public enum HighLevelEventType {
    CONTACT_CREATE("ContactCreate", HighLevelEntities.CONTACT, Action.CREATED, Shape.CONTACT),
    CONTACT_UPDATE("ContactUpdate", HighLevelEntities.CONTACT, Action.UPDATED, Shape.CONTACT),
    CONTACT_DELETE("ContactDelete", HighLevelEntities.CONTACT, Action.DELETED, Shape.CONTACT),
    /** The contact with its DND settings; its own entity, so a flow can act on DND alone. */
    CONTACT_DND_UPDATE("ContactDndUpdate", HighLevelEntities.DND, Action.UPDATED, Shape.CONTACT),
    /** The contact with its new tag list; the change is about the contact's tags. */
    CONTACT_TAG_UPDATE("ContactTagUpdate", HighLevelEntities.TAG, Action.UPDATED, Shape.CONTACT),
    TASK_CREATE("TaskCreate", HighLevelEntities.TASK, Action.CREATED, Shape.CONTACT_CHILD),
    TASK_COMPLETE("TaskComplete", HighLevelEntities.TASK, Action.COMPLETED, Shape.CONTACT_CHILD),
    TASK_DELETE("TaskDelete", HighLevelEntities.TASK, Action.DELETED, Shape.CONTACT_CHILD),
    NOTE_CREATE("NoteCreate", HighLevelEntities.NOTE, Action.CREATED, Shape.CONTACT_CHILD),
    NOTE_UPDATE("NoteUpdate", HighLevelEntities.NOTE, Action.UPDATED, Shape.CONTACT_CHILD),
    NOTE_DELETE("NoteDelete", HighLevelEntities.NOTE, Action.DELETED, Shape.CONTACT_CHILD),
    APPOINTMENT_CREATE("AppointmentCreate", HighLevelEntities.APPOINTMENT, Action.CREATED, Shape.APPOINTMENT),
    APPOINTMENT_UPDATE("AppointmentUpdate", HighLevelEntities.APPOINTMENT, Action.UPDATED, Shape.APPOINTMENT),
    APPOINTMENT_DELETE("AppointmentDelete", HighLevelEntities.APPOINTMENT, Action.DELETED, Shape.APPOINTMENT);

    /** Where the entity's fields and ids are in the body. */
    public enum Shape {
        /** The body is the contact: {@code id} is the contact id. */
        CONTACT,
        /** The body is a task or note: {@code id} is its id, {@code contactId} its contact. */
        CONTACT_CHILD,
        /** The fields are in {@code appointment}: its {@code id} and {@code contactId}. */
        APPOINTMENT
    }

    private static final Map<String, HighLevelEventType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(t -> t.wire, Function.identity()));

    private final String wire;
    private final Entity entity;
    private final Action action;
    private final Shape shape;

    HighLevelEventType(String wire, Entity entity, Action action, Shape shape) {
        this.wire = wire;
        this.entity = entity;
        this.action = action;
        this.shape = shape;
    }

    public static Optional<HighLevelEventType> of(String type) {
        return Optional.ofNullable(type == null ? null : BY_WIRE.get(type));
    }

    public String wire() {
        return wire;
    }

    public Entity entity() {
        return entity;
    }

    public Action action() {
        return action;
    }

    public Shape shape() {
        return shape;
    }
}
