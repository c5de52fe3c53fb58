package io.contactsbridge.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every request a simulator answered, so tests and benchmarks can count calls and writes.
 * Served at {@code <root>/_log} (GET reads, DELETE clears). Bounded so a long sandbox run
 * cannot exhaust memory: the oldest entries go first.
 */
public final class RequestLog {
    public record Entry(String method, String path, String query, int status, String time, long durationMs) {
    }

    static final int CAPACITY = 200_000;
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();

    public void add(String method, String path, String query, int status, Instant at, long durationMs) {
        entries.add(new Entry(method, path, query == null ? "" : query, status, at.toString(), durationMs));
        if (size.incrementAndGet() > CAPACITY && entries.poll() != null) {
            size.decrementAndGet();
        }
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public void clear() {
        entries.clear();
        size.set(0);
    }
}
