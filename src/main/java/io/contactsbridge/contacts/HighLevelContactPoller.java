package io.contactsbridge.contacts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.contacts.webhook.HighLevelEntities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HighLevel side of the poll cycle, for flows that read HighLevel contacts
 * ({@code direct:flow.highlevel.contact.*}, e.g. contact -> Toggl client) when webhooks were
 * missed: {@code search-contacts-advanced} with {@code dateUpdated >= watermark - overlap}, oldest
 * first, paged with {@code searchAfter}. The watermark is the newest delivered {@code dateUpdated}
 * (never the local clock); the overlap re-reads a little, which the inbox drops by event id. The
 * first poll starts from now: it does not backfill every existing contact.
 */
public class HighLevelContactPoller implements SourcePoller {
    private static final Logger LOG = LoggerFactory.getLogger(HighLevelContactPoller.class);
    static final String OPERATION = "search-contacts-advanced";
    static final Duration OVERLAP = Duration.ofMinutes(2);
    static final int PAGE = 100;
    static final int MAX_PAGES = 50;

    private final Operations operations;

    public HighLevelContactPoller(Operations operations) {
        this.operations = operations;
    }

    @Override
    public String source() {
        return HighLevelConnector.ID;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Result poll(String watermark) {
        if (watermark == null) {
            return new Result(List.of(), Instant.now().toString());
        }
        Instant since = Instant.parse(watermark);
        Instant newest = since;
        List<CanonicalChange> changes = new ArrayList<>();
        List<Object> searchAfter = null;
        boolean complete = false;
        for (int page = 0; page < MAX_PAGES && !complete; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pageLimit", PAGE);
            body.put("filters", List.of(Map.of("field", "dateUpdated", "operator", "range",
                    "value", Map.of("gte", since.minus(OVERLAP).toString()))));
            body.put("sort", List.of(Map.of("field", "dateUpdated", "direction", "asc")));
            if (searchAfter != null) {
                body.put("searchAfter", searchAfter);
            }
            Map<String, Object> answer = operations.callForMap(OPERATION, Map.of(), body);
            List<Map<String, Object>> contacts = !(answer.get("contacts") instanceof List<?> l)
                    ? List.of() : (List<Map<String, Object>>) l;
            for (Map<String, Object> contact : contacts) {
                Object id = contact.get("id");
                Instant updated = HighLevelTimes.parse(contact.get("dateUpdated"));
                if (id == null) {
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>(contact);
                fields.remove("searchAfter");
                boolean created = updated != null && updated.equals(HighLevelTimes.parse(contact.get("dateAdded")));
                changes.add(new CanonicalChange(HighLevelConnector.ID, HighLevelEntities.CONTACT,
                        created ? CanonicalChange.Action.CREATED : CanonicalChange.Action.UPDATED, id.toString(), fields,
                        updated, null));
                if (updated != null && updated.isAfter(newest)) {
                    newest = updated;
                }
            }
            if (contacts.size() < PAGE || !(contacts.get(contacts.size() - 1).get("searchAfter") instanceof List<?> next)) {
                complete = true;
            } else {
                searchAfter = (List<Object>) next;
            }
        }
        if (!complete) {
            // oldest first: the watermark is the newest contact read, so the next cycle goes on from there
            LOG.warn("HighLevel contact poll stopped at {} pages of {}; the rest comes with the next cycle", MAX_PAGES, PAGE);
        }
        return new Result(changes, newest.toString());
    }
}
