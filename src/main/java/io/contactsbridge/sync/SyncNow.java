package io.contactsbridge.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsbridge.config.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * {@code POST /api/sync-now}: starts a poll cycle in the background and answers at once (202); the
 * cycle's progress and result are in {@code /api/status} ({@code sync.syncNow}). One at a time: a
 * request while one runs is answered 409.
 */
final class SyncNow {
    private final CamelContext context;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Map<String, Object> last = Map.of("state", "never");
    private volatile ExecutorService executor;
    private volatile ProducerTemplate template;

    SyncNow(CamelContext context) {
        this.context = context;
    }

    /** False when a cycle started here is still running. */
    boolean start() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", "running");
        state.put("startedAt", Instant.now().toString());
        last = state;
        try {
            executor().submit(() -> run(state));
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        return true;
    }

    private void run(Map<String, Object> started) {
        Map<String, Object> done = new LinkedHashMap<>(started);
        try {
            SyncPolling.CycleResult r = template().requestBodyAndHeader("direct:sync.poll-cycle", null, "syncTrigger", "api",
                    SyncPolling.CycleResult.class);
            done.put("state", r.ran() ? "completed" : "already running");
            done.put("result", r.toMap());
        } catch (RuntimeException e) {
            done.put("state", "failed");
            done.put("error", SecretMasker.mask(String.valueOf(e.getMessage())));
        } finally {
            done.put("finishedAt", Instant.now().toString());
            last = done;
            running.set(false);
        }
    }

    /** The last request's state: never, running, completed, already running (another replica), failed. */
    Map<String, Object> status() {
        return last;
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            executor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "sync-now");
        }
        return executor;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }
}
