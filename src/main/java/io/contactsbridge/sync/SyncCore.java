package io.contactsbridge.sync;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.SourcePoller;
import io.contactsbridge.ops.AdminAuth;
import io.contactsbridge.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync core's wiring: its beans (bound for flows), the inbox loop, the router, the building
 * blocks flows call, the Quartz poll schedule and the admin API.
 *
 * <pre>
 * timer:sync.inbox-claim ──claim (FOR UPDATE SKIP LOCKED)──▶ seda:sync.inbox (N workers)
 *     ──▶ direct:sync.router ──▶ direct:flow.&lt;source&gt;.&lt;entity&gt;[.&lt;name&gt;]  (YAML flows in routes/)
 *             flows call direct:sync.save (decide + write), direct:sync.decide, direct:sync.write, direct:sync.delete
 * quartz cron ──▶ direct:sync.poll-cycle ──▶ every SourcePoller ──▶ inbox, then watermark
 * </pre>
 */
public final class SyncCore {
    private static final Logger LOG = LoggerFactory.getLogger(SyncCore.class);
    public static final String LINKS_BEAN = "syncLinks";
    public static final String AUDIT_BEAN = "syncAudit";
    public static final String DEAD_LETTERS_BEAN = "syncDeadLetters";
    public static final String POLLING_BEAN = "syncPolling";
    public static final String METRICS_BEAN = "syncMetrics";
    public static final String STEPS_BEAN = "syncSteps";
    public static final String QUEUE_BEAN = "syncInboxQueue";
    public static final String WATERMARKS_BEAN = "syncWatermarks";
    public static final String MAPPER_BEAN = "syncMap";
    public static final String STATUS_BEAN = "syncStatus";
    /** The catch-up cycle at start ({@link SyncPolling#catchUp}). */
    public static final String CATCH_UP = "direct:sync.catch-up";
    /** {@link Rollback}, for the admin API and the command line. */
    public static final String ROLLBACK_BEAN = "syncRollback";
    /** The inbox's worker queue. */
    static final String WORKERS = "seda:sync.inbox";

    private SyncCore() {
    }

    /**
     * The sync core's routes; beans are bound when they are configured.
     *
     * @param hub the system every flow writes to by default (the hub connector's id)
     */
    public static List<RoutesBuilder> routes(Database database, Settings settings, String hub) {
        SyncSettings sync = SyncSettings.of(settings, hub);
        String instanceId = instanceId();
        return List.of(new FlowConfiguration(), new CoreRoutes(database, sync, instanceId), new AdminRoutes(sync),
                new RecoveryRoutes(sync));
    }

    static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static final class CoreRoutes extends RouteBuilder {
        private final Database database;
        private final SyncSettings sync;
        private final String instanceId;

        CoreRoutes(Database database, SyncSettings sync, String instanceId) {
            this.database = database;
            this.sync = sync;
            this.instanceId = instanceId;
        }

        @Override
        public void configure() throws Exception {
            CamelContext context = getContext();
            DataSource ds = database.dataSource();
            SyncMetrics metrics = new SyncMetrics();
            InboxQueue queue = new InboxQueue(ds, instanceId);
            InboxNotifications notifications = InboxNotifications.startIfPostgres(ds);
            SyncLinks links = new SyncLinks(ds, sync.hub());
            SyncAudit audit = new SyncAudit(ds, DecisionLog.of(context), io.contactsbridge.connector.auth.TokenCipher.find(context))
                    .countIn(metrics);
            Watermarks watermarks = new Watermarks(ds);
            metrics.inboxDepth(queue::depthByStatus);
            InboxConsumer consumer = new InboxConsumer(context, queue, sync, metrics);
            InFlightWrites inFlight = new InFlightWrites();
            SyncRouter router = new SyncRouter(context, links, audit, new EchoDetector(links, sync), inFlight);
            CreateIntents intents = new CreateIntents(ds);
            SyncSteps steps = new SyncSteps(context, links, audit, sync, inFlight, intents);
            SyncPolling polling = new SyncPolling(context, new Inbox(ds), watermarks, metrics, instanceId);
            var registry = context.getRegistry();
            registry.bind(LINKS_BEAN, links);
            registry.bind(AUDIT_BEAN, audit);
            registry.bind(DEAD_LETTERS_BEAN, new DeadLetters(ds));
            registry.bind(POLLING_BEAN, polling);
            registry.bind(METRICS_BEAN, metrics);
            registry.bind(STEPS_BEAN, steps);
            registry.bind(ROLLBACK_BEAN, new Rollback(context, audit, links, steps));
            registry.bind(QUEUE_BEAN, queue);
            registry.bind(WATERMARKS_BEAN, watermarks);
            registry.bind(MAPPER_BEAN, new SyncMapper());
            SyncStatus status = new SyncStatus(queue, new DeadLetters(ds), watermarks, polling);
            status.syncNow(new SyncNow(context));
            registry.bind(STATUS_BEAN, status);
            context.addStartupListener((ctx, alreadyStarted) -> {
                MeterRegistry meters = ctx.getRegistry().findSingleByType(MeterRegistry.class);
                if (meters != null) {
                    metrics.bind(meters);
                }
            });

            // after the routes have drained (services stop after routes): hand back unstarted claims
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    if (notifications != null) {
                        notifications.close();
                    }
                    try {
                        int released = queue.releaseMine();
                        if (released > 0) {
                            LOG.info("gave back {} claimed inbox event(s) on stop", released);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("could not give back claimed inbox events: {}", e.getMessage());
                    }
                }
            }, true, true);

            // failures go back to the inbox consumer, which retries or dead-letters them and logs one line
            errorHandler(noErrorHandler());

            InboxLoop loop = new InboxLoop(consumer, queue, links, audit, sync, intents, new DeadLetters(ds));
            from("timer:sync.inbox-claim?delay=500&period=" + sync.pollIntervalMillis()).routeId("sync.inbox-claim")
                    .process(loop::run);
            // a third of the lease: a row worked on longer than its lease is never taken by another replica
            from("timer:sync.inbox-lease?period=" + Math.max(1_000, sync.lease().toMillis() / 3)).routeId("sync.inbox-lease")
                    .process(e -> consumer.renewLeases());
            from(WORKERS + "?concurrentConsumers=" + sync.concurrency() + "&size=" + (sync.concurrency() * 4))
                    .routeId("sync.inbox")
                    // on stop, rows still queued are not started: they go back to the inbox (releaseMine)
                    .shutdownRunningTask(ShutdownRunningTask.CompleteCurrentTaskOnly)
                    .process(e -> consumer.handle(e.getMessage().getBody(InboxQueue.Row.class)));

            from(InboxConsumer.ROUTER).routeId("sync.router").process(router::route);

            SaveStep save = new SaveStep(steps);
            from("direct:sync.decide").routeId("sync.decide").process(steps::decide);
            from("direct:sync.write").routeId("sync.write").process(save::write);
            from("direct:sync.delete").routeId("sync.delete").process(new DeleteStep(steps, context, links, audit, sync)::delete);
            from("direct:sync.save").routeId("sync.save").process(save::save);

            from("direct:sync.poll-cycle").routeId("sync.poll-cycle")
                    .process(e -> e.getMessage().setBody(polling.runCycle(
                            e.getMessage().getHeader("syncTrigger", "schedule", String.class))));
            // started once by the bridge when it is otherwise ready (subscriptions made): see catchUp()
            from(CATCH_UP).routeId("sync.catch-up")
                    .process(e -> e.getMessage().setBody(polling.catchUp(sync.pollCycle())));
            // one source now (header syncSource): a connector without webhooks polls once at start
            from("direct:sync.poll-source").routeId("sync.poll-source")
                    .process(e -> e.getMessage().setBody(polling.runSource(
                            e.getMessage().getHeader("syncSource", String.class),
                            e.getMessage().getHeader("syncTrigger", "request", String.class)).orElse(null)));
            if (sync.pollEnabled()) {
                configureQuartz(context);
                from("quartz://contacts-bridge/sync-poll?cron=" + sync.pollCron().trim().replace(' ', '+'))
                        .routeId("sync.poll-schedule")
                        // the slot in the log: with a clustered schedule, each slot runs on one replica
                        .setHeader("syncTrigger", simple("schedule at ${date:header.scheduledFireTime:yyyy-MM-dd'T'HH:mm:ssXXX}"))
                        .to("direct:sync.poll-cycle");
            }
        }

        /**
         * Quartz keeps the schedule in our database (JDBC job store, PostgreSQL delegate: H2 runs in
         * PostgreSQL mode and reads the same tables), clustered on PostgreSQL so several replicas fire
         * each slot once.
         */
        private void configureQuartz(CamelContext context) {
            String url = dbIdentity();
            String name = "contacts-bridge-" + HexFormat.of().formatHex(sha256(url)).substring(0, 10);
            DataSource ds = database.dataSource();
            DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
                @Override
                public Connection getConnection() throws SQLException {
                    return ds.getConnection();
                }

                @Override
                public void shutdown() {
                    // the pool belongs to the bridge's Database
                }

                @Override
                public void initialize() {
                    // nothing to set up
                }
            });
            boolean clustered = database.kind() == Database.Kind.POSTGRESQL;
            Map<String, Object> p = new HashMap<>();
            p.put("org.quartz.scheduler.instanceName", name);
            p.put("org.quartz.scheduler.instanceId", "AUTO");
            p.put("org.quartz.scheduler.skipUpdateCheck", "true");
            p.put("org.quartz.threadPool.threadCount", "2");
            p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            p.put("org.quartz.jobStore.dataSource", name);
            p.put("org.quartz.jobStore.tablePrefix", "qrtz_");
            // job data as string properties, never Java serialization read back from the database
            p.put("org.quartz.jobStore.useProperties", "true");
            p.put("org.quartz.jobStore.isClustered", String.valueOf(clustered));
            p.put("org.quartz.jobStore.clusterCheckinInterval", "15000");
            p.put("org.quartz.jobStore.misfireThreshold", "60000");
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            quartz.setProperties(p);
            quartz.setPrefixInstanceName(false);
            quartz.setEnableJmx(false);
            LOG.info("poll schedule '{}' in the JDBC job store{}", sync.pollCron(), clustered ? " (clustered)" : "");
        }

        private String dbIdentity() {
            try (Connection c = database.dataSource().getConnection()) {
                return c.getMetaData().getURL() + "|" + c.getSchema();
            } catch (SQLException e) {
                return "bridge";
            }
        }
    }

    /**
     * The claim loop: keeps the workers fed while there is work; in between it waits for an event
     * stored by this process or a free worker ({@link InboxWakeUp}), or else the next tick.
     */
    static final class InboxLoop {
        /** After a wake-up: the rest of a burst of webhooks joins the same claim. */
        static final long BURST_MILLIS = 5;
        private final InboxConsumer consumer;
        private final InboxWakeUp wakeUp;
        private final InboxQueue queue;
        private final SyncLinks links;
        private final SyncAudit audit;
        private final SyncSettings sync;
        private final CreateIntents intents;
        private final DeadLetters deadLetters;
        private long lastPrune;

        InboxLoop(InboxConsumer consumer, InboxQueue queue, SyncLinks links, SyncAudit audit, SyncSettings sync,
                  CreateIntents intents, DeadLetters deadLetters) {
            this.intents = intents;
            this.deadLetters = deadLetters;
            this.consumer = consumer;
            this.wakeUp = queue.wakeUp();
            this.audit = audit;
            this.queue = queue;
            this.links = links;
            this.sync = sync;
        }

        void run(Exchange exchange) throws InterruptedException {
            CamelContext context = exchange.getContext();
            var template = exchange.getContext().createFluentProducerTemplate();
            long deadline = System.currentTimeMillis() + Math.max(2_000, sync.pollIntervalMillis());
            try {
                while (!context.isStopping() && System.currentTimeMillis() < deadline) {
                    List<InboxQueue.Row> rows = consumer.claim();
                    for (InboxQueue.Row row : rows) {
                        template.to(WORKERS).withBody(row).send();
                    }
                    if (!rows.isEmpty()) {
                        Thread.sleep(2);
                        continue;
                    }
                    // nothing claimable, or no free worker: wait for a stored event or a free worker
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    if (wakeUp.await(Math.min(left, sync.pollIntervalMillis()))) {
                        Thread.sleep(BURST_MILLIS);
                    }
                }
            } finally {
                try {
                    template.close();
                } catch (Exception ignored) {
                    // nothing to release
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastPrune > 60_000) {
                lastPrune = now;
                links.pruneRecentWrites(sync.echoWindow());
                queue.pruneDone(sync.inboxRetention());
                audit.prune(sync.auditRetention());
                intents.prune(sync.inboxRetention());
                deadLetters.prune(sync.deadLetterRetention());
            }
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** /api/dead-letters and /api/sync-now, behind the admin token. */
    static final class AdminRoutes extends RouteBuilder {
        private final SyncSettings sync;

        AdminRoutes(SyncSettings sync) {
            this.sync = sync;
        }

        @Override
        public void configure() {
            AdminAuth auth = new AdminAuth(sync.adminToken());
            onException(AdminAuth.Denied.class).handled(true)
                    .process(e -> json(e, 401, Map.of("error",
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())))
                    .setHeader("WWW-Authenticate", constant("Bearer"));
            onException(NumberFormatException.class).handled(true)
                    .process(e -> json(e, 400, Map.of("error", "the id must be a number")));
            onException(IllegalArgumentException.class).handled(true)
                    .process(e -> json(e, 400, Map.of("error", String.valueOf(
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))));

            from("platform-http:/api/dead-letters?httpMethodRestrict=GET").routeId("api.dead-letters")
                    .process(auth)
                    .process(e -> json(e, 200, DeadLetterPages.page(deadLetters(e), e)));
            from("platform-http:/api/dead-letters/{id}/replay?httpMethodRestrict=POST").routeId("api.dead-letters.replay")
                    .process(auth)
                    .process(e -> answer(e, deadLetters(e).replay(id(e)), "replayed", "already replayed"));
            from("platform-http:/api/dead-letters/{id}?httpMethodRestrict=DELETE").routeId("api.dead-letters.drop")
                    .process(auth)
                    .process(e -> answer(e, deadLetters(e).drop(id(e)), "dropped", "dropped"));
            // answered at once: the cycle runs in the background, its result shows in /api/status
            from("platform-http:/api/sync-now?httpMethodRestrict=POST").routeId("api.sync-now")
                    .process(auth)
                    .process(e -> {
                        SyncStatus status = e.getContext().getRegistry().lookupByNameAndType(STATUS_BEAN, SyncStatus.class);
                        boolean started = status.syncNowRequests().start();
                        json(e, started ? 202 : 409, Map.of("status", started ? "started" : "already running",
                                "statusUrl", "/api/status"));
                    });
        }

        private static DeadLetters deadLetters(Exchange e) {
            return e.getContext().getRegistry().lookupByNameAndType(DEAD_LETTERS_BEAN, DeadLetters.class);
        }

        private static long id(Exchange e) {
            return Long.parseLong(e.getMessage().getHeader("id", String.class).trim());
        }

        private static void answer(Exchange e, DeadLetters.Result result, String done, String already) {
            switch (result) {
                case DONE -> json(e, 200, Map.of("status", done));
                case ALREADY_DONE -> json(e, 200, Map.of("status", already));
                default -> json(e, 404, Map.of("error", "no dead letter " + e.getMessage().getHeader("id")));
            }
        }
    }

    static void json(Exchange e, int status, Object body) {
        e.getMessage().setHeaders(new HashMap<>());
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(SyncJson.write(body));
    }
}
