package io.contactsbridge.sync;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.ReauthorizationRequired;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.ChangeTranslator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one claimed inbox row: turns it into canonical changes (a webhook body through its
 * source's {@link ChangeTranslator}, a polled change from its JSON), sends each through the
 * router, and settles the row: done, retry later with backoff, or dead letter (permanent errors at
 * once, others after {@code bridge.inbox.max-attempts}).
 */
public class InboxConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);
    public static final String ROUTER = "direct:sync.router";
    public static final String CHANGE_PROPERTY = "syncChange";

    private final CamelContext context;
    private final InboxQueue queue;
    private final SyncSettings settings;
    private final SyncMetrics metrics;
    private final ProducerTemplate template;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Ids of the rows claimed by this process and not settled yet: their leases are renewed. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    /** Same-record changes inside one process wait for each other (webhook rows without record key). */
    private final ReentrantLock[] recordLocks = new ReentrantLock[64];

    public InboxConsumer(CamelContext context, InboxQueue queue, SyncSettings settings, SyncMetrics metrics) {
        this.context = context;
        this.queue = queue;
        this.settings = settings;
        this.metrics = metrics;
        this.template = context.createProducerTemplate();
        for (int i = 0; i < recordLocks.length; i++) {
            recordLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Claims as many rows as there are idle workers, no more: a row claimed ahead would wait in the
     * worker queue while its lease runs, and other replicas could have worked it meanwhile.
     */
    public List<InboxQueue.Row> claim() {
        int idle = settings.concurrency() - inFlight.get();
        if (idle <= 0) {
            return List.of();
        }
        List<InboxQueue.Row> rows = queue.claim(idle, settings.lease());
        inFlight.addAndGet(rows.size());
        rows.forEach(r -> held.add(r.id()));
        return rows;
    }

    /**
     * Renews the lease of every row this process holds (called every third of the lease), so a
     * long back-off or token refresh never lets another replica take a row that is still worked on.
     */
    public void renewLeases() {
        List<Long> ids = List.copyOf(held);
        if (ids.isEmpty()) {
            return;
        }
        for (Long lost : queue.renew(ids, settings.lease())) {
            if (held.contains(lost)) {
                LOG.warn("lease on inbox row {} ran out before it was renewed; its result will not be recorded", lost);
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void handle(InboxQueue.Row row) {
        try {
            for (CanonicalChange change : changesOf(row)) {
                apply(change);
            }
            if (queue.done(row.id())) {
                metrics.processed();
            } else {
                leaseLost(row);
            }
        } catch (Exception e) {
            settle(row, unwrap(e));
        } finally {
            held.remove(row.id());
            inFlight.decrementAndGet();
            queue.wakeUp().signal(); // a free worker: the loop may claim the next row now
        }
    }

    List<CanonicalChange> changesOf(InboxQueue.Row row) {
        if (Inbox.KIND_CHANGE.equals(row.kind())) {
            return List.of(SyncJson.changeFromJson(row.payload()));
        }
        if (Inbox.KIND_WEBHOOK.equals(row.kind())) {
            return translator(row.source()).translate(row.payload());
        }
        throw new IllegalArgumentException("unknown inbox kind '" + row.kind() + "'");
    }

    private ChangeTranslator translator(String source) {
        for (ChangeTranslator t : context.getRegistry().findByType(ChangeTranslator.class)) {
            if (source.equals(t.source())) {
                return t;
            }
        }
        throw new IllegalArgumentException("no change translator for source '" + source
                + "' (is its connector enabled?)");
    }

    private void apply(CanonicalChange change) {
        ReentrantLock lock = recordLocks[Math.floorMod(change.recordKey().hashCode(), recordLocks.length)];
        lock.lock();
        try {
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(CHANGE_PROPERTY, change);
            template.send(ROUTER, exchange);
            if (exchange.getException() != null) {
                throw exchange.getException() instanceof RuntimeException r ? r
                        : new IllegalStateException(exchange.getException().getMessage(), exchange.getException());
            }
        } finally {
            lock.unlock();
        }
    }

    private void settle(InboxQueue.Row row, Throwable error) {
        String message = SecretMasker.mask(describe(error));
        if (error instanceof ReauthorizationRequired) {
            // nothing is wrong with the event: it waits (uncounted) until someone authorises the app again
            LOG.info("{} event {} waits for re-authorisation: {}", row.source(), row.eventId(), message);
            if (!queue.park(row.id(), Instant.now().plusMillis(settings.backoffMillis(settings.maxAttempts(), 0)), message)) {
                leaseLost(row);
            }
            return;
        }
        boolean permanent = isPermanent(error);
        if (permanent || row.attempts() >= settings.maxAttempts()) {
            LOG.warn("{} event {} moved to dead letters after {} attempt(s): {}", row.source(), row.eventId(),
                    row.attempts(), message);
            if (queue.dead(row, (permanent ? "permanent: " : "gave up after " + row.attempts() + " attempts: ") + message)) {
                metrics.deadLettered();
            } else {
                leaseLost(row);
            }
        } else {
            long retryAfter = error instanceof ApiException api ? api.retryAfterMillis() : 0;
            long delay = settings.backoffMillis(row.attempts(), retryAfter);
            LOG.info("{} event {} failed (attempt {} of {}), retrying in {} ms: {}", row.source(), row.eventId(),
                    row.attempts(), settings.maxAttempts(), delay, message);
            if (queue.retryLater(row.id(), Instant.now().plusMillis(delay), message)) {
                metrics.failed();
            } else {
                leaseLost(row);
            }
        }
    }

    /** Another worker holds the row now (our lease ran out): it decides the row's fate, not us. */
    private void leaseLost(InboxQueue.Row row) {
        LOG.warn("{} event {}: the lease on inbox row {} was lost while it was worked on; the worker that holds it "
                + "now settles it", row.source(), row.eventId(), row.id());
        metrics.leaseLost();
    }

    static boolean isPermanent(Throwable e) {
        if (e instanceof ApiException api) {
            return api.permanent();
        }
        return e instanceof IllegalArgumentException;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CamelExecutionException || t instanceof org.apache.camel.RuntimeCamelException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof ApiException api && api.status() > 0) {
            return api.system() + " answered " + api.status() + ": " + m;
        }
        String type = e.getClass().getSimpleName();
        return m == null ? type : type + ": " + m;
    }
}
