package io.contactsbridge.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
            if (SyncJson.hash(projected).equals(w.contentHash()) || covers(change.fields(), written)) {
                return new Echo(w.operation(), w.contentHash(), w.writtenAt());
            }
        }
        return null;
    }

    /** True when {@code actual} holds every value of {@code expected} (lists: every element, any order). */
    static boolean covers(Map<String, Object> actual, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            if (!valueCovers(actual.get(e.getKey()), e.getValue(), e.getKey())) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static boolean valueCovers(Object actual, Object expected, String key) {
        if (expected == null) {
            return true;
        }
        if (actual == null) {
            return expected instanceof String s && s.isBlank();
        }
        if (expected instanceof Map<?, ?> em) {
            return actual instanceof Map<?, ?> am && covers((Map<String, Object>) am, (Map<String, Object>) em);
        }
        if (expected instanceof Collection<?> ec) {
            if (!(actual instanceof Collection<?> ac)) {
                return false;
            }
            for (Object x : ec) {
                boolean found = false;
                for (Object y : ac) {
                    if (valueCovers(y, x, key)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        return normalize(key, actual).equals(normalize(key, expected));
    }

    /** E-mail and tags compare case-insensitively, phones by their digits; everything else as text. */
    static String normalize(String key, Object value) {
        String s = String.valueOf(value).trim();
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        if (k.contains("phone") || k.equals("number")) {
            return s.replaceAll("[^0-9]", "");
        }
        if (k.contains("email") || k.equals("tags")) {
            return s.toLowerCase(Locale.ROOT);
        }
        return s;
    }
}
