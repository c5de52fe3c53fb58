package io.contactsbridge.contacts.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ChangeTranslator;

/**
 * Turns a stored HighLevel webhook body into one {@link CanonicalChange}: contact, DND, tag, task,
 * note and appointment events (see {@link HighLevelEventType}); other types give no change.
 * <ul>
 *   <li>{@code sourceId}: the contact's id for contact and tag events, the task's / note's /
 *       appointment's own id otherwise;</li>
 *   <li>{@code fields}: the entity's fields as sent (the appointment object for appointments),
 *       without the envelope ({@code type}, {@code webhookId}, {@code timestamp}); TaskComplete's with
 *       {@code completed: true} (its type says it, its fields do not), TaskCreate's listing {@code completed}
 *       as a field it does not carry ({@link CanonicalChange#UNREPORTED_FIELDS});</li>
 *   <li>{@code sourceUpdatedAt}: {@code dateUpdated}, else the webhook's {@code timestamp}, else
 *       (creations only) {@code dateAdded};</li>
 *   <li>{@code eventId}: {@code webhookId} (or the body's hash, like the receiver).</li>
 * </ul>
 * HighLevel webhooks are sometimes incomplete (a TaskCreate without {@code contactId} has been
 * seen): the change is kept, and the missing field names are listed under {@link #MISSING_FIELDS}
 * so the sync core fills them with a GET.
 */
public final class HighLevelChangeTranslator implements ChangeTranslator {
    /** Field holding the names of fields the event should have had but lacked (a List of String). */
    public static final String MISSING_FIELDS = "_missing";
    /** ContactDndUpdate: channel -> DND on (true) or off, read from {@code dndSettings} and {@code dnd}. */
    public static final String DND_CHANNELS = "dndChannels";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public String source() {
        return HighLevelEvents.SOURCE;
    }

    @Override
    public List<CanonicalChange> translate(String payload) {
        ObjectNode body = parse(payload);
        Optional<HighLevelEventType> known = HighLevelEventType.of(body.path("type").asText(null));
        if (known.isEmpty()) {
            return List.of();
        }
        HighLevelEventType type = known.get();
        ObjectNode entity = type.shape() == HighLevelEventType.Shape.APPOINTMENT
                ? objectOrFail(body.get("appointment"), type)
                : body;
        String sourceId = HighLevelEvents.id(entity.get("id"))
                .orElseThrow(() -> new IllegalArgumentException("HighLevel " + type.wire() + " event without an id"));

        Map<String, Object> fields = JSON.convertValue(entity, MAP);
        fields.remove("type");
        fields.remove("webhookId");
        fields.remove("timestamp");
        if (type == HighLevelEventType.CONTACT_DND_UPDATE) {
            fields.put(DND_CHANNELS, dndChannels(entity));
        }
        if (type == HighLevelEventType.TASK_COMPLETE) {
            // the event's type is what says so: its fields are TaskCreate's, without completed
            fields.putIfAbsent("completed", true);
        } else if (type == HighLevelEventType.TASK_CREATE && !fields.containsKey("completed")) {
            fields.put(CanonicalChange.UNREPORTED_FIELDS, List.of("completed"));
        }
        if (type.shape() != HighLevelEventType.Shape.CONTACT && HighLevelEvents.id(entity.get("contactId")).isEmpty()) {
            List<String> missing = new ArrayList<>();
            missing.add("contactId");
            fields.put(MISSING_FIELDS, missing);
        }
        return List.of(new CanonicalChange(HighLevelEvents.SOURCE, type.entity(), type.action(), sourceId,
                fields, updatedAt(type, body, entity), HighLevelEvents.eventId(body, payload)));
    }

    /**
     * Per channel (SMS, Email, Call, ...), true when do-not-disturb is on: {@code dndSettings.<channel>.status}
     * {@code active}; with only the overall {@code dnd} flag, {@code all} carries it.
     */
    private static Map<String, Object> dndChannels(ObjectNode contact) {
        Map<String, Object> channels = new LinkedHashMap<>();
        if (contact.get("dnd") != null && contact.get("dnd").isBoolean()) {
            channels.put("all", contact.get("dnd").asBoolean());
        }
        contact.path("dndSettings").fields().forEachRemaining(e ->
                channels.put(e.getKey(), "active".equalsIgnoreCase(e.getValue().path("status").asText(""))));
        return channels;
    }

    private static Instant updatedAt(HighLevelEventType type, ObjectNode body, ObjectNode entity) {
        return HighLevelEvents.time(entity.get("dateUpdated"))
                .or(() -> HighLevelEvents.time(body.get("timestamp")))
                .or(() -> type.action() == CanonicalChange.Action.CREATED
                        ? HighLevelEvents.time(entity.get("dateAdded")) : Optional.empty())
                .orElse(null);
    }

    private static ObjectNode parse(String payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("HighLevel webhook body is not JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("HighLevel webhook body is not a JSON object");
        }
        return object;
    }

    private static ObjectNode objectOrFail(JsonNode node, HighLevelEventType type) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("HighLevel " + type.wire() + " event without an appointment object");
    }
}
