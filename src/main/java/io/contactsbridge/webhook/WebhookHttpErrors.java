package io.contactsbridge.webhook;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookReply;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON errors for webhook requests the HTTP server refuses before a route sees them: a body over
 * {@code camel.server.max-body-size} (413), or a form / multipart body that Vert.x tries to decode
 * and cannot (it would answer a plain-text 400 and log a stack trace). Installed once per Camel
 * context on {@code /webhooks/*}; counted and logged like the intake's own refusals.
 */
final class WebhookHttpErrors implements ExtendedStartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpErrors.class);
    private static final String INSTALLED = WebhookHttpErrors.class.getName();
    static final String PATH = "/webhooks/";

    private final CamelContext context;
    private final WebhookMetrics metrics;
    /** Sources with a receiver: only these are answered here (and counted: no meter per made-up path). */
    private final Set<String> sources = ConcurrentHashMap.newKeySet();

    private WebhookHttpErrors(CamelContext context, WebhookMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    /** Installs the handler when the context has started (the HTTP router exists by then); idempotent. */
    static synchronized void install(CamelContext context, WebhookMetrics metrics, String source) {
        Object existing = context.getRegistry().lookupByName(INSTALLED);
        if (existing instanceof WebhookHttpErrors installed) {
            installed.sources.add(source);
            return;
        }
        WebhookHttpErrors errors = new WebhookHttpErrors(context, metrics);
        errors.sources.add(source);
        context.getRegistry().bind(INSTALLED, errors);
        try {
            context.addStartupListener(errors);
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the webhook error replies: " + e.getMessage(), e);
        }
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        // the HTTP server's router exists only once the context has started
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // wait for fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        // the main server's router is registered under its port (the management server has its own)
        int port = Settings.of(this.context).getPort(BridgeSettings.HTTP_PORT);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(this.context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(this.context);
        }
        if (router == null) {
            LOG.warn("no platform-http router: webhook requests refused by the HTTP server get its plain-text errors");
            return;
        }
        router.route(PATH + "*").failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String source = sourceOf(ctx.request().path());
        if (ctx.request().method() != HttpMethod.POST || !sources.contains(source)
                || ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int code = ctx.statusCode();
        WebhookRejection rejection;
        if (code == 413) {
            rejection = new WebhookRejection(413, "body_too_large", "body too large");
        } else if (!isJson(ctx.request().getHeader("Content-Type"))) {
            rejection = new WebhookRejection(415, "unsupported_media_type", "Content-Type must be application/json");
        } else if (code >= 400 && code < 500) {
            rejection = new WebhookRejection(code, "bad_request", "the request could not be read");
        } else {
            ctx.next();
            return;
        }
        metrics.rejected(source, rejection.reason());
        LOG.info("{} webhook refused ({} {}): {}", source, rejection.status(), rejection.reason(), rejection.getMessage());
        WebhookReply reply = WebhookReply.error(rejection.status(), rejection.reason(), rejection.getMessage());
        ctx.response().setStatusCode(reply.status())
                .putHeader("Content-Type", "application/json")
                .end(WebhookIntake.json(reply));
    }

    private static boolean isJson(String contentType) {
        try {
            WebhookIntake.requireJson(contentType);
            return true;
        } catch (WebhookRejection e) {
            return false;
        }
    }

    static String sourceOf(String path) {
        String rest = path == null || !path.startsWith(PATH) ? "" : path.substring(PATH.length());
        int slash = rest.indexOf('/');
        String source = slash < 0 ? rest : rest.substring(0, slash);
        return source.matches("[a-z0-9-]{1,40}") ? source : "unknown";
    }
}
