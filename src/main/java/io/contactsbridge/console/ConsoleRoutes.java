package io.contactsbridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.Alerts;
import io.contactsbridge.sync.DeadLetters;
import io.contactsbridge.sync.InboxQueue;
import io.contactsbridge.sync.Rollback;
import io.contactsbridge.sync.SyncAudit;
import io.contactsbridge.sync.SyncCore;
import io.contactsbridge.sync.SyncJson;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The console's HTTP side on HTTP_PORT: {@code GET /} (the page, or the sign-in form), the live
 * part the page fetches again ({@code GET /console/view}), sign in and out, and the buttons
 * (connection check, dead-letter replay / drop / replay of a reason, a payload on request). Every
 * request but the sign-in needs the session cookie; every state-changing one also the session's
 * CSRF token in {@code X-CSRF-Token}.
 */
final class ConsoleRoutes extends RouteBuilder {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private final ConsoleSettings settings;
    private final ConsoleSessions sessions;
    private final ConnectionMonitor monitor;
    private final ActivityLog.Factory activity;
    private final String mode;
    private final Clock clock;

    ConsoleRoutes(ConsoleSettings settings, ConnectionMonitor monitor, ActivityLog.Factory activity, String mode, Clock clock) {
        this.settings = settings;
        this.sessions = new ConsoleSessions(settings.adminToken(), settings.session(), clock);
        this.monitor = monitor;
        this.activity = activity;
        this.mode = mode;
        this.clock = clock;
    }

    /** Refused: answered with this status and message (JSON for the script, the sign-in page for GET /). */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** HTTP's default filter drops Cache-Control from answers; the console's pages must say no-store. */
    static final class HeaderFilter extends org.apache.camel.http.base.HttpHeaderFilterStrategy {
        HeaderFilter() {
            getOutFilter().remove("cache-control");
        }
    }

    /** A console endpoint: the path, the method, and the header filter that keeps Cache-Control. */
    private static String http(String path, String method) {
        return "platform-http:" + path + "?httpMethodRestrict=" + method + "&headerFilterStrategy=#" + HEADER_FILTER;
    }

    static final String HEADER_FILTER = "consoleHeaderFilter";

    @Override
    public void configure() {
        getContext().getRegistry().bind(HEADER_FILTER, new HeaderFilter());
        onException(Refused.class).handled(true).process(e -> {
            Refused r = e.getProperty(Exchange.EXCEPTION_CAUGHT, Refused.class);
            json(e, r.status, Map.of("error", r.getMessage()));
        });
        onException(NumberFormatException.class).handled(true)
                .process(e -> json(e, 400, Map.of("error", "the id must be a number")));
        // anything else (the state store down, say): a short answer, never a stack trace or a secret
        onException(Exception.class).handled(true).process(e -> json(e, 503, Map.of("error", "the console cannot answer now: "
                + io.contactsbridge.config.SecretMasker.mask(String.valueOf(
                        e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())))));

        from(http("/", "GET")).routeId("console.page").process(e -> {
            Optional<ConsoleSessions.Session> session = sessions.verify(ConsoleSessions.cookie(header(e, "Cookie")));
            if (session.isEmpty()) {
                html(e, 200, ConsolePage.login(null, sessions.open()));
                return;
            }
            html(e, 200, ConsolePage.page(live(e), session.get().csrf(), settings.refreshSeconds(), mode));
        });
        from(http("/console/view", "GET")).routeId("console.view").process(e -> {
            session(e, false);
            html(e, 200, ConsolePage.live(live(e)));
        });
        from(http("/console/login", "POST")).routeId("console.login").process(this::login);
        from(http("/console/logout", "POST")).routeId("console.logout").process(e -> {
            session(e, true);
            json(e, 200, Map.of("status", "signed out"));
            e.getMessage().setHeader("Set-Cookie", ConsoleSessions.setCookie("", 0, secure(e)));
        });
        from(http("/console/check", "POST")).routeId("console.check").process(e -> {
            session(e, true);
            Map<String, Object> results = new LinkedHashMap<>();
            monitor.checkAll().forEach((id, c) -> results.put(id, Map.of("ok", c.ok(), "message", c.message())));
            json(e, 200, Map.of("checks", results));
        });
        from(http("/console/dead-letters/replay-reason", "POST")).routeId("console.dead-letters.replay-reason")
                .process(e -> {
                    session(e, true);
                    String reason = header(e, "reason");
                    if (reason == null || reason.isBlank()) {
                        throw new Refused(400, "give the reason to replay");
                    }
                    json(e, 200, Map.of("status", "replayed", "count", deadLetters(e).replayReason(reason)));
                });
        from(http("/console/dead-letters/{id}/replay", "POST")).routeId("console.dead-letters.replay")
                .process(e -> {
                    session(e, true);
                    answer(e, deadLetters(e).replay(id(e)), "replayed", "already replayed");
                });
        from(http("/console/dead-letters/{id}/drop", "POST")).routeId("console.dead-letters.drop")
                .process(e -> {
                    session(e, true);
                    answer(e, deadLetters(e).drop(id(e)), "dropped", "dropped");
                });
        from(http("/console/audit/{id}/undo", "POST")).routeId("console.audit.undo").process(e -> {
            session(e, true);
            json(e, 200, Map.of("status", undo(e, id(e))));
        });
        from(http("/console/dead-letters/{id}/payload", "GET")).routeId("console.dead-letters.payload")
                .process(e -> {
                    session(e, false);
                    String text = deadLetters(e).payload(id(e), "true".equals(header(e, "full")));
                    if (text == null) {
                        throw new Refused(404, "no dead letter " + header(e, "id"));
                    }
                    respond(e, 200, "text/plain; charset=utf-8", text);
                });
        from(http("/console/console.js", "GET")).routeId("console.script")
                .process(e -> respond(e, 200, "text/javascript; charset=utf-8", resource("console/console.js")));
        from(http("/console/console.css", "GET")).routeId("console.style")
                .process(e -> respond(e, 200, "text/css; charset=utf-8", resource("console/console.css")));
    }

    /** Failed sign-ins in the last minute: more than {@link #FAILED_LOGINS_PER_MINUTE} are refused unchecked. */
    private final java.util.ArrayDeque<Instant> failedLogins = new java.util.ArrayDeque<>();
    static final int FAILED_LOGINS_PER_MINUTE = 10;

    synchronized boolean tooManyFailures(boolean failedNow) {
        Instant now = clock.instant();
        while (!failedLogins.isEmpty() && failedLogins.peekFirst().isBefore(now.minusSeconds(60))) {
            failedLogins.removeFirst();
        }
        if (failedNow) {
            failedLogins.addLast(now);
        }
        return failedLogins.size() >= FAILED_LOGINS_PER_MINUTE;
    }

    private void login(Exchange e) {
        if (tooManyFailures(false)) {
            html(e, 429, ConsolePage.login("Too many failed sign-ins: wait a minute.", true));
            return;
        }
        String token = header(e, "token");
        if (token == null) {
            token = formValue(e.getMessage().getBody(String.class), "token");
        }
        if (!sessions.open()) {
            html(e, 403, ConsolePage.login(null, false));
        } else if (sessions.tokenMatches(token)) {
            respond(e, 303, "text/plain; charset=utf-8", "signed in");
            e.getMessage().setHeader("Location", "/");
            e.getMessage().setHeader("Set-Cookie", ConsoleSessions.setCookie(sessions.create(), sessions.lifetimeSeconds(), secure(e)));
        } else {
            tooManyFailures(true);
            html(e, 401, ConsolePage.login("Wrong token.", true));
        }
    }

    private ConsoleSessions.Session session(Exchange e, boolean changesState) {
        ConsoleSessions.Session s = sessions.verify(ConsoleSessions.cookie(header(e, "Cookie")))
                .orElseThrow(() -> new Refused(401, "sign in first"));
        if (changesState) {
            String given = header(e, "X-CSRF-Token");
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
                throw new Refused(403, "missing or wrong CSRF token: reload the page");
            }
        }
        return s;
    }

    private ConsolePage.Live live(Exchange e) {
        Instant now = clock.instant();
        var registry = e.getContext().getRegistry();
        SyncAudit audit = registry.lookupByNameAndType(SyncCore.AUDIT_BEAN, SyncAudit.class);
        InboxQueue queue = registry.lookupByNameAndType(SyncCore.QUEUE_BEAN, InboxQueue.class);
        DeadLetterView dead = deadLetters(e);
        ActivityLog log = activity.create(audit);
        ActivityLog.Filter filter = ActivityLog.Filter.of(name -> header(e, name));
        return new ConsolePage.Live(monitor.views(), Alerts.of(e.getContext()).open(), queue.depthByStatus(),
                new SyncChart(audit, now), dead.byReason(), dead.openCount(),
                log.rows(filter), filter, activity.connectorIds(), activity.flows(e.getContext()), now);
    }

    private static DeadLetterView deadLetters(Exchange e) {
        return new DeadLetterView(e.getContext().getRegistry().lookupByNameAndType(SyncCore.DEAD_LETTERS_BEAN, DeadLetters.class));
    }

    /** "Undo" on an activity-log row: the rollback of that row's event, applied (it skips records changed since). */
    private static String undo(Exchange e, long auditId) {
        var registry = e.getContext().getRegistry();
        SyncAudit.Entry entry = registry.lookupByNameAndType(SyncCore.AUDIT_BEAN, SyncAudit.class).entry(auditId);
        if (entry == null) {
            throw new Refused(404, "no audit row " + auditId);
        }
        if (!entry.undoable() || entry.eventId() == null) {
            throw new Refused(409, "this write cannot be undone: it created the record, or its before-values are not known");
        }
        List<Rollback.Step> steps = registry.lookupByNameAndType(SyncCore.ROLLBACK_BEAN, Rollback.class)
                .run(new Rollback.Selection(null, entry.eventId(), null, null), true);
        String reasons = steps.stream().filter(st -> !Rollback.RESTORED.equals(st.action()) && st.reason() != null)
                .map(Rollback.Step::reason).distinct().collect(java.util.stream.Collectors.joining("; "));
        return "undone: " + Rollback.summary(steps) + (reasons.isEmpty() ? "" : " (" + reasons + ")");
    }

    private static long id(Exchange e) {
        return Long.parseLong(String.valueOf(header(e, "id")).trim());
    }

    private static void answer(Exchange e, DeadLetters.Result result, String done, String already) {
        switch (result) {
            case DONE -> json(e, 200, Map.of("status", done));
            case ALREADY_DONE -> json(e, 200, Map.of("status", already));
            default -> throw new Refused(404, "no dead letter " + header(e, "id"));
        }
    }

    private static String header(Exchange e, String name) {
        Object v = e.getMessage().getHeader(name);
        if (v instanceof Iterable<?> many) {
            var it = many.iterator();
            v = it.hasNext() ? it.next() : null;
        }
        return v == null ? null : String.valueOf(v);
    }

    static String formValue(String body, String name) {
        if (body == null) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Behind a TLS-terminating proxy the cookie is marked Secure. */
    private static boolean secure(Exchange e) {
        return "https".equalsIgnoreCase(header(e, "X-Forwarded-Proto"));
    }

    private static void html(Exchange e, int status, String body) {
        respond(e, status, "text/html; charset=utf-8", body);
    }

    static void json(Exchange e, int status, Object body) {
        respond(e, status, "application/json", SyncJson.write(body));
    }

    private static void respond(Exchange e, int status, String type, String body) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Exchange.HTTP_RESPONSE_CODE, status);
        headers.put(Exchange.CONTENT_TYPE, type);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CSP);
        e.getMessage().setHeaders(headers);
        e.getMessage().setBody(body);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new Refused(404, "no " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
