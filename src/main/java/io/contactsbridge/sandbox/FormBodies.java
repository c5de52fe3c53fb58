package io.contactsbridge.sandbox;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Raw {@code application/x-www-form-urlencoded} bodies for simulators. Camel's Vert.x platform-http
 * parses such a body into form attributes (and message headers) and never hands the bytes to the route,
 * whatever {@code useBodyHandler} / {@code populateBodyWithForm} say; a simulator of an OAuth token
 * endpoint needs them exactly as sent. Vert.x's body handler does keep the raw bytes of a form body in
 * the request's routing context, which the Camel route cannot reach. So a Vert.x route placed ahead of
 * Camel's on the same router remembers the routing context of each form request under {@code /sandbox/}
 * (reading nothing: the body is read once, by Camel's route), and {@link #take} gets the bytes from it by
 * the request the Camel message wraps.
 */
final class FormBodies {
    // weak keys and values: a request Camel never processed (suspended route, closed connection) is forgotten
    private final Map<HttpServerRequest, WeakReference<RoutingContext>> contexts =
            Collections.synchronizedMap(new WeakHashMap<>());
    private Route route;

    /** Puts the remembering route on the platform-http router of {@code context}, ahead of every other route. */
    synchronized void install(CamelContext context, String pathPrefix) {
        if (route != null) {
            return;
        }
        route = router(context).route(pathPrefix + "*").order(Integer.MIN_VALUE).handler(this::remember);
    }

    /** The raw form body of the request behind {@code message} (empty when it is not a form request), once. */
    Optional<byte[]> take(Message message) {
        return request(message).map(contexts::remove).map(WeakReference::get).map(ctx -> {
            Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
            return raw == null ? new byte[0] : raw.getBytes();
        });
    }

    /** The real HTTP request behind {@code message}, when it came over platform-http. */
    static Optional<HttpServerRequest> request(Message message) {
        return message instanceof HttpMessage http ? Optional.ofNullable(http.getRequest()) : Optional.empty();
    }

    private void remember(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            contexts.put(ctx.request(), new WeakReference<>(ctx));
        }
        ctx.next();
    }

    /** The router Camel's platform-http consumers use (named after the server port; "-0" for a dynamic port). */
    private static VertxPlatformHttpRouter router(CamelContext context) {
        PlatformHttpComponent component = context.getComponent("platform-http", PlatformHttpComponent.class);
        int port = component == null || component.getEngine() == null ? 0 : component.getEngine().getServerPort();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null) {
            throw new IllegalStateException("no platform-http (Vert.x) router to serve the simulators' form bodies on");
        }
        return router;
    }
}
