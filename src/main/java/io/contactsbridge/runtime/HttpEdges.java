package io.contactsbridge.runtime;

import java.util.Map;

import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.sync.SyncJson;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's edges, the same for every route on it (webhooks, admin API, status, sandbox):
 * <ul>
 * <li>one catch-all for failures: no route answers a stack trace ({@code muteException} on every
 *     platform-http endpoint), a route's unhandled exception becomes a short JSON error (400 for
 *     bad input, else 500), and what the server itself refuses is JSON too;</li>
 * <li>a request timeout ({@code bridge.http.request-timeout-ms}): an answer that takes longer is a
 *     503 JSON error, so no client waits on a stuck request forever;</li>
 * <li>the body cap follows {@code BRIDGE_WEBHOOK_MAX_BODY_BYTES} (a little above it, so the webhook
 *     intake answers 413 with its own JSON error);</li>
 * <li>the management server binds to {@code MANAGEMENT_BIND_HOST}, by default the webhook address.</li>
 * </ul>
 */
final class HttpEdges {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEdges.class);
    static final String MANAGEMENT_BIND_HOST = "bridge.management.bind-host";
    static final String REQUEST_TIMEOUT_MS = "bridge.http.request-timeout-ms";
    /** Above the webhook limit: headers and the intake's own 413. */
    static final int BODY_CAP_SLACK = 64 * 1024;

    private HttpEdges() {
    }

    /** Before Camel reads its server settings (the listener's beforeConfigure). */
    static void configure(CamelContext context, Settings settings) {
        int max = settings.getInt(BridgeSettings.WEBHOOK_MAX_BODY_BYTES, BridgeSettings.DEFAULT_WEBHOOK_MAX_BODY_BYTES,
                1, 64 * 1024 * 1024);
        var properties = context.getPropertiesComponent();
        properties.addOverrideProperty("camel.server.max-body-size", String.valueOf((long) max + BODY_CAP_SLACK));
        properties.addOverrideProperty("camel.management.host",
                settings.get(MANAGEMENT_BIND_HOST).orElse(settings.get(BridgeSettings.BIND_HOST, "0.0.0.0")));
        context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
            if (endpoint instanceof PlatformHttpEndpoint http) {
                http.setMuteException(true);
            }
            return endpoint;
        });
        context.addRoutePolicyFactory(new JsonErrors());
        int timeout = settings.getInt(REQUEST_TIMEOUT_MS, 60_000, 100, 3_600_000);
        try {
            context.addStartupListener(new ServerHandlers(settings.getPort(BridgeSettings.HTTP_PORT), timeout));
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the HTTP server's edges: " + e.getMessage(), e);
        }
    }

    /** The management address: MANAGEMENT_BIND_HOST, else the webhook one. */
    static String managementHost(Settings settings) {
        return settings.get(MANAGEMENT_BIND_HOST).orElse(settings.get(BridgeSettings.BIND_HOST, "0.0.0.0"));
    }

    static String json(String error, String message) {
        return SyncJson.write(Map.of("error", error, "message", message));
    }

    /** A platform-http route's unhandled exception as a short JSON answer, never its stack trace. */
    private static final class JsonErrors implements RoutePolicyFactory {
        @Override
        public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
            return new RoutePolicySupport() {
                @Override
                public void onExchangeDone(Route r, Exchange exchange) {
                    Exception e = exchange.getException();
                    if (e == null || !r.getEndpoint().getEndpointUri().startsWith("platform-http:")) {
                        return;
                    }
                    boolean badInput = e instanceof IllegalArgumentException;
                    if (badInput) {
                        LOG.info("{}: request refused: {}", r.getRouteId(), SecretMasker.mask(e.getMessage()));
                    } else {
                        LOG.error("{}: request failed", r.getRouteId(), e);
                    }
                    exchange.setException(null);
                    var m = exchange.getMessage();
                    m.removeHeaders("*");
                    m.setHeader(Exchange.HTTP_RESPONSE_CODE, badInput ? 400 : 500);
                    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                    String message = badInput ? String.valueOf(e.getMessage()) : "the request could not be processed";
                    m.setBody(json(badInput ? "bad_request" : "internal_error",
                            SecretMasker.mask(message.length() > 300 ? message.substring(0, 300) + "..." : message)));
                }
            };
        }
    }

    /** The request timeout and the JSON answer to what the server refuses, on the main server's router. */
    private record ServerHandlers(int port, int timeoutMillis) implements ExtendedStartupListener {
        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // the router is complete only once the context has fully started
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            if (router == null) {
                router = VertxPlatformHttpRouter.lookup(context);
            }
            if (router == null) {
                return; // no HTTP server (the command line's contexts)
            }
            router.route().order(-1000).handler(TimeoutHandler.create(timeoutMillis, 503));
            // last in line: the webhook receivers answer their own refusals first
            router.route().order(Integer.MAX_VALUE).failureHandler(HttpEdges::failure);
        }
    }

    static void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        // no status: the server could not take the request apart (a multipart GET, a broken
        // encoding) before any route saw it, which is the request's fault
        int code = ctx.statusCode() < 400 ? 400 : ctx.statusCode();
        String error = code == 503 ? "timeout" : code == 413 ? "body_too_large" : code < 500 ? "bad_request" : "internal_error";
        String message = code == 503 ? "no answer in time; try again later" : code == 413 ? "body too large"
                : code < 500 ? "the request could not be read" : "the request could not be processed";
        if (ctx.failure() != null && code != 503) {
            LOG.info("HTTP request refused ({}): {}", code, SecretMasker.mask(String.valueOf(ctx.failure().getMessage())));
        }
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(json(error, message));
    }
}
