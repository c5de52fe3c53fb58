package io.contactsbridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sync core's part of the status page ({@code /api/status}), bound as {@code syncStatus}:
 * inbox depth, open dead letters, each source's poll state, and whether a cycle is running.
 */
public class SyncStatus {
    private final InboxQueue queue;
    private final DeadLetters deadLetters;
    private final Watermarks watermarks;
    private final SyncPolling polling;
    private volatile SyncNow syncNow;

    public SyncStatus(InboxQueue queue, DeadLetters deadLetters, Watermarks watermarks, SyncPolling polling) {
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.watermarks = watermarks;
        this.polling = polling;
    }

    void syncNow(SyncNow requests) {
        this.syncNow = requests;
    }

    SyncNow syncNowRequests() {
        return syncNow;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inbox", queue.depthByStatus());
        m.put("deadLetters", deadLetters.openCount());
        m.put("pollRunning", polling.isRunning());
        if (syncNow != null) {
            m.put("syncNow", syncNow.status());
        }
        List<Map<String, Object>> sources = watermarks.all().stream().map(s -> {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("source", s.source());
            w.put("watermark", s.watermark());
            w.put("lastSuccessAt", s.lastSuccessAt() == null ? null : s.lastSuccessAt().toString());
            w.put("lastError", s.lastError());
            w.put("lastChanges", s.lastChanges());
            return w;
        }).toList();
        m.put("polls", sources);
        return m;
    }
}
