package io.contactsbridge.connector;

import java.util.List;

/**
 * The incremental poll of one source, driven by the sync core's Quartz route every 15 minutes
 * (and by {@code POST /api/sync-now}). A poller only reads, through its connector's operation
 * routes: the driver stores the changes in the inbox and only then saves the new watermark, so a
 * crash between the two re-reads, never skips.
 */
public interface SourcePoller {

    /** The source name, also the watermark key ({@code toggl}). */
    String source();

    /**
     * Reads what changed since {@code watermark} (null on the first poll).
     * Compare inclusively with a small overlap: the inbox drops what was already stored.
     */
    Result poll(String watermark) throws Exception;

    record Result(List<CanonicalChange> changes, String nextWatermark) {
    }
}
