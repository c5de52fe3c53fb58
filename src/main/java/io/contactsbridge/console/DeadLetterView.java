package io.contactsbridge.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.SyncJson;

/**
 * Dead letters as the console shows them: grouped by reason (the error with its ids and numbers
 * taken out, so "the same failure" groups although each letter names its own record), without
 * their payloads; a payload only on request, with personal data masked unless asked for in full.
 */
final class DeadLetterView {
    static final int SHOWN = 100;
    private final DeadLetters deadLetters;

    record Letter(long id, String source, String recordKey, String kind, int attempts, String failedAt, String error,
                  String reason) {
    }

    DeadLetterView(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Open letters by reason, oldest first in each group. */
    Map<String, List<Letter>> byReason() {
        Map<String, List<Letter>> groups = new LinkedHashMap<>();
        for (Map<String, Object> m : deadLetters.list().stream().limit(SHOWN).toList()) {
            String error = PersonalData.mask(String.valueOf(m.get("lastError")));
            Letter l = new Letter(((Number) m.get("id")).longValue(), (String) m.get("source"), (String) m.get("recordKey"),
                    (String) m.get("kind"), ((Number) m.get("attempts")).intValue(), (String) m.get("failedAt"), error,
                    reason((String) m.get("lastError")));
            groups.computeIfAbsent(l.reason(), k -> new ArrayList<>()).add(l);
        }
        return groups;
    }

    int openCount() {
        return deadLetters.openCount();
    }

    /** Replays every open letter whose reason is {@code reason}; returns how many were replayed. */
    int replayReason(String reason) {
        int n = 0;
        for (Map<String, Object> m : deadLetters.list()) {
            if (reason(String.valueOf(m.get("lastError"))).equals(reason)
                    && deadLetters.replay(((Number) m.get("id")).longValue()) == DeadLetters.Result.DONE) {
                n++;
            }
        }
        return n;
    }

    DeadLetters.Result replay(long id) {
        return deadLetters.replay(id);
    }

    DeadLetters.Result drop(long id) {
        return deadLetters.drop(id);
    }

    /** The letter's payload as indented JSON (or text), personal data masked unless {@code full}; null when unknown. */
    String payload(long id, boolean full) {
        Map<String, Object> m = deadLetters.get(id);
        if (m == null) {
            return null;
        }
        String payload = String.valueOf(m.get("payload"));
        try {
            Object tree = SyncJson.MAPPER.readValue(payload, Object.class);
            Object shown = full ? tree : PersonalData.maskTree(tree, null);
            String json = SyncJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(shown);
            return io.contactsbridge.config.SecretMasker.mask(json);
        } catch (java.io.IOException e) {
            return full ? io.contactsbridge.config.SecretMasker.mask(payload) : PersonalData.mask(payload);
        }
    }

    /** The error with ids, numbers of 5+ digits and quoted values replaced: letters with one cause share it. */
    static String reason(String error) {
        if (error == null || error.isBlank() || error.equals("null")) {
            return "(no error recorded)";
        }
        String first = error.lines().findFirst().orElse(error);
        String r = first.replaceAll("\"[^\"]*\"|'[^']*'", "…")
                .replaceAll("\\b[0-9a-fA-F-]{16,}\\b", "#")
                .replaceAll("\\b[A-Za-z0-9_-]*\\d[A-Za-z0-9_-]{4,}\\b", "#")
                .replaceAll("\\d{5,}", "#");
        return r.length() > 160 ? r.substring(0, 157) + "..." : r;
    }
}
