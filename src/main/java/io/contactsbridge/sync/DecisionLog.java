package io.contactsbridge.sync;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ConnectorState;
import io.contactsbridge.connector.KitBeans;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One INFO line per sync decision, for people: "Toggl Track client 'Acme Corporation' → HighLevel
 * contact 8cRPq2xT… created [event toggl:client:42:…]". Built from the canonical change and the
 * connectors' titles, so it reads the same for every connector; the same facts go along as
 * key/value pairs (event, source, entity, target, outcome, ...), which {@code LOG_FORMAT=json}
 * writes as JSON fields. The audit table keeps the full record.
 */
public class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    /** Fields that name a record, in order of preference. */
    private static final List<String> NAME_FIELDS = List.of("name", "companyName", "person", "title", "description",
            "email", "body");
    static final int MAX_NAME = 60;

    private final Function<String, String> titles;

    public DecisionLog(Function<String, String> titles) {
        this.titles = titles;
    }

    /** Titles from the connectors the bridge loaded ({@code toggl} → {@code Toggl Track}). */
    @SuppressWarnings("unchecked")
    public static DecisionLog of(CamelContext context) {
        return new DecisionLog(system -> {
            Map<String, ConnectorState> states = context.getRegistry().lookupByNameAndType(KitBeans.CONNECTOR_STATES,
                    Map.class);
            ConnectorState state = states == null || system == null ? null : states.get(system);
            return state == null ? system : state.title();
        });
    }

    /** A decision about {@code change}; target system and entity may be null (echo, no flow). */
    public void decided(String flow, CanonicalChange change, SyncAudit.Target target, String operation, String targetId,
                        String outcome, String detail) {
        if (change == null || !LOG.isInfoEnabled()) {
            return;
        }
        String targetSystem = target.system();
        String targetEntity = target.entity();
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("event", change.eventId())
                .addKeyValue("source", change.source())
                .addKeyValue("entity", change.entity().wire())
                .addKeyValue("action", change.action().wire())
                .addKeyValue("sourceId", change.sourceId());
        String name = name(change.fields());
        if (name != null) {
            line = line.addKeyValue("name", name);
        }
        if (targetSystem != null) {
            line = line.addKeyValue("target", targetSystem).addKeyValue("targetEntity", targetEntity);
        }
        if (targetId != null) {
            line = line.addKeyValue("targetId", targetId);
        }
        if (operation != null) {
            line = line.addKeyValue("operation", operation);
        }
        line = line.addKeyValue("outcome", outcome);
        if (flow != null) {
            line = line.addKeyValue("flow", flow);
        }
        line.log(text(change, name, target, operation, targetId, outcome, detail));
    }

    String text(CanonicalChange change, String name, SyncAudit.Target about, String operation, String targetId,
                String outcome, String detail) {
        String targetSystem = about.system();
        String targetEntity = about.entity();
        String subject = titles.apply(change.source()) + " " + words(change.entity().wire()) + " "
                + (name != null ? "'" + name + "'" : change.sourceId());
        String target = targetSystem == null ? null : titles.apply(targetSystem) + " "
                + words(targetEntity == null ? "record" : targetEntity) + (targetId == null ? "" : " " + shortId(targetId));
        String event = " [event " + change.eventId() + "]";
        String verb = verb(operation, detail, about.created());
        return switch (outcome) {
            case SyncAudit.WRITTEN -> subject + " → " + target + " " + verb + event;
            case SyncAudit.LWW_SOURCE_WON -> subject + " → " + target + " " + verb + " (last-write-wins: "
                    + titles.apply(change.source()) + " newer)" + event;
            case SyncAudit.DRY_RUN -> subject + " → " + target + " would be " + verb + " (dry run)" + event;
            case SyncAudit.SKIPPED_UNCHANGED -> subject + " → " + target + " unchanged, skipped" + event;
            case SyncAudit.LWW_TARGET_WON -> subject + " → " + target + " last-write-wins: "
                    + titles.apply(targetSystem) + " newer, skipped" + event;
            case SyncAudit.SKIPPED_ECHO -> subject + " " + change.action().wire() + ": echo of our own write"
                    + (operation == null ? "" : " (" + operation + ")") + ", skipped" + event;
            case SyncAudit.SKIPPED_NO_FLOW -> subject + " " + change.action().wire() + ": no flow reads it, skipped" + event;
            default -> subject + " " + change.action().wire() + (target == null ? "" : " → " + target) + ": "
                    + (detail == null ? outcome : detail) + ", skipped" + event;
        };
    }

    /** A write without a known target made a new record, unless its answer says {@code "new": false} (an upsert that matched). */
    static Boolean madeNew(Object answer) {
        return !(answer instanceof Map<?, ?> map && Boolean.FALSE.equals(map.get("new")));
    }

    /** What a write did: archived, deleted, created (new record, or a create operation), or else updated. */
    static String verb(String operation, String detail, Boolean created) {
        if (detail != null && detail.startsWith("archived")) {
            return detail;
        }
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        if (created != null && !op.contains("delete")) {
            return created ? "created" : "updated";
        }
        if (op.contains("create")) {
            return "created";
        }
        if (op.contains("delete")) {
            return "deleted";
        }
        return "updated";
    }

    /** The record's name as people know it: name, company, person, title, ... (shortened), or null. */
    static String name(Map<String, Object> fields) {
        String first = text(fields.get("firstName"));
        String last = text(fields.get("lastName"));
        String person = first == null ? last : last == null ? first : first + " " + last;
        for (String key : NAME_FIELDS) {
            String value = key.equals("person") ? person : text(fields.get(key));
            if (value != null) {
                return shorten(value);
            }
        }
        return null;
    }

    /** Long ids (HighLevel's 20 characters) to their first 8 and an ellipsis; the JSON field keeps them whole. */
    static String shortId(String id) {
        return id.length() > 10 ? id.substring(0, 8) + "…" : id;
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > MAX_NAME ? one.substring(0, MAX_NAME - 1) + "…" : one;
    }

    private static String words(String wire) {
        return wire.replace('_', ' ');
    }

    private static String text(Object v) {
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
    }
}
