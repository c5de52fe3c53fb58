package io.contactsbridge.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.FieldValues;

/**
 * Recognises the change our own write caused when it comes back (a HighLevel webhook after our
 * update, a Toggl webhook after our client update): same record, written within the echo window,
 * and the change's fields, projected onto the fields we wrote, hash to what we wrote (or contain
 * it: HighLevel returns all of a contact's tags, lower-cased). A change stamped clearly after our
 * write is someone else's edit, not an echo.
 */
public class EchoDetector {
    public record Echo(String operation, String contentHash, Instant writtenAt) {
    }

    private final SyncLinks links;
    private final SyncSettings settings;

    public EchoDetector(SyncLinks links, SyncSettings settings) {
        this.links = links;
        this.settings = settings;
    }

    public Echo find(CanonicalChange change) {
        boolean deleted = change.action() == CanonicalChange.Action.DELETED;
        for (SyncLinks.RecentWrite w : links.recentWrites(change.source(), change.sourceId(), settings.echoWindow())) {
            boolean ourDelete = w.operation() != null && w.operation().contains("delete");
            if (ourDelete != deleted) {
                continue;
            }
            if (change.sourceUpdatedAt() != null
                    && change.sourceUpdatedAt().isAfter(w.writtenAt().plus(settings.echoSkew()))) {
                continue;
            }
            if (deleted) {
                return new Echo(w.operation(), w.contentHash(), w.writtenAt());
            }
            Map<String, Object> written = SyncJson.readMap(w.content());
            Map<String, Object> projected = new LinkedHashMap<>();
            written.keySet().forEach(k -> projected.put(k, change.fields().get(k)));
            if (SyncJson.hash(projected).equals(w.contentHash()) || coversWhatItReports(change.fields(), written)) {
                return new Echo(w.operation(), w.contentHash(), w.writtenAt());
            }
        }
        return null;
    }

    /**
     * The change holds what we wrote, compared on the fields its kind of event reports: a HighLevel
     * TaskCreate carries no {@code completed} ({@link CanonicalChange#UNREPORTED_FIELDS}), so the
     * create-task we sent with {@code completed: false} is compared on its title and due date.
     */
    static boolean coversWhatItReports(Map<String, Object> fields, Map<String, Object> written) {
        if (!(fields.get(CanonicalChange.UNREPORTED_FIELDS) instanceof Collection<?> unreported)) {
            return FieldValues.covers(fields, written);
        }
        Map<String, Object> reported = new LinkedHashMap<>(written);
        reported.keySet().removeAll(unreported);
        return !reported.isEmpty() && FieldValues.covers(fields, reported);
    }
}
