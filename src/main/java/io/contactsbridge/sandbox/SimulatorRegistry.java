package io.contactsbridge.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each simulator under its own {@code /sandbox/<name>} root on the bridge's HTTP port,
 * keeps its request log at {@code <root>/_log}, and tells the launcher which settings point each
 * connector at its simulator. Simulators are found with {@link ServiceLoader} ({@link #discover()}),
 * so nothing lists them by hand.
 */
public final class SimulatorRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorRegistry.class);
    public static final String ROOT = "/sandbox/";

    private final Map<String, Simulator> simulators = new LinkedHashMap<>();
    private final Map<String, RequestLog> logs = new LinkedHashMap<>();
    private final FormBodies formBodies = new FormBodies();

    /**
     * A new instance of every simulator on the class path (listed in
     * {@code META-INF/services/io.contactsbridge.sandbox.Simulator}), in the order listed.
     */
    public static List<Simulator> discover() {
        return ServiceLoader.load(Simulator.class, SimulatorRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    public SimulatorRegistry(List<Simulator> all) {
        for (Simulator s : all) {
            if (simulators.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("two simulators named " + s.name());
            }
            logs.put(s.name(), new RequestLog());
        }
    }

    public Map<String, Simulator> simulators() {
        return simulators;
    }

    @SuppressWarnings("unchecked")
    public <T extends Simulator> T get(String name, Class<T> type) {
        return (T) simulators.get(name);
    }

    public RequestLog log(String name) {
        return logs.get(name);
    }

    /** Settings that point every connector at its simulator, for a bridge whose HTTP root is {@code baseUrl}. */
    public Map<String, String> connectorSettings(String baseUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        simulators.values().forEach(s -> settings.putAll(s.connectorSettings(baseUrl + ROOT + s.name())));
        return settings;
    }

    public void seedDemoData() {
        simulators.values().forEach(Simulator::seedDemoData);
    }

    /** Sandbox: each simulator sends its webhooks to the bridge at {@code bridgeUrl}, as the real service would. */
    public void deliverWebhooksTo(String bridgeUrl) {
        simulators.values().forEach(s -> s.deliverWebhooksTo(bridgeUrl));
    }

    /**
     * One platform-http route per simulator, id {@code sandbox-<name>}. Camel's Vert.x platform-http turns
     * an url-encoded body into form fields and never hands a route its bytes, so once the context has
     * started {@link FormBodies} puts a Vert.x route ahead of these that keeps hold of each form request's
     * raw body: a simulator reads a form body from {@link SimRequest#body()} (and {@link SimRequest#form()})
     * like any other body.
     */
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                getContext().addStartupListener(new StartupListener() {
                    @Override
                    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    }

                    @Override
                    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                        try {
                            formBodies.install(context, ROOT);
                        } catch (RuntimeException e) {
                            LOG.warn("simulators will not see raw form bodies: {}", e.toString());
                        }
                    }
                });
                for (Simulator sim : simulators.values()) {
                    from("platform-http:" + ROOT + sim.name() + "?matchOnUriPrefix=true&useStreaming=false")
                            .routeId("sandbox." + sim.name())
                            // the simulators are the bridge's external APIs: they stay up until the
                            // flows have stopped, as real APIs do, or a stop waits out retries of 503s
                            .shutdownRoute(ShutdownRoute.Defer)
                            .process(exchange -> serve(sim, exchange));
                }
            }
        };
    }

    /**
     * The simulator whose root the path is under, segment by segment: a prefix route of
     * {@code /sandbox/toggl} also receives {@code /sandbox/toggl-focus/...}.
     */
    private Simulator owner(Simulator matched, String fullPath) {
        Simulator best = matched;
        int bestLength = -1;
        for (Simulator candidate : simulators.values()) {
            String root = ROOT + candidate.name();
            int at = fullPath.indexOf(root);
            boolean under = at >= 0 && (fullPath.length() == at + root.length() || fullPath.charAt(at + root.length()) == '/');
            if (under && candidate.name().length() > bestLength) {
                best = candidate;
                bestLength = candidate.name().length();
            }
        }
        return best;
    }

    void serve(Simulator sim, Exchange exchange) {
        long started = System.nanoTime();
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        int q = uri == null ? -1 : uri.indexOf('?');
        String fullPath = uri == null ? "" : (q < 0 ? uri : uri.substring(0, q));
        sim = owner(sim, fullPath);
        String rootPath = ROOT + sim.name();
        int at = fullPath.indexOf(rootPath);
        String path = at < 0 ? "/" : fullPath.substring(at + rootPath.length());
        if (path.isEmpty()) {
            path = "/";
        }
        String rawQuery = in.getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> headers = requestHeaders(in);
        byte[] body = formBodies.take(in).orElseGet(() -> in.getBody(byte[].class));
        RequestLog log = logs.get(sim.name());
        SimResponse response;
        boolean logged = true;
        if (path.equals("/_log")) {
            logged = false;
            if (method.equals("DELETE")) {
                log.clear();
                response = SimResponse.empty(204);
            } else {
                response = SimResponse.json(200, log.entries());
            }
        } else {
            try {
                response = sim.handle(SimRequest.of(method, path, rawQuery, headers, body));
            } catch (Exception e) {
                LOG.warn("simulator {} failed on {} {}: {}", sim.name(), method, path, e.toString());
                response = SimResponse.json(500, Map.of("statusCode", 500, "message", "Internal Server Error"));
            }
        }
        if (logged) {
            log.add(method, path, rawQuery, response.status(), Instant.now(), (System.nanoTime() - started) / 1_000_000);
        }
        // drop the request headers so none of them (Authorization above all) is echoed back
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        response.headers().forEach(in::setHeader);
        in.setBody(response.body());
    }

    /**
     * The headers the client sent. Camel's message headers also carry query parameters and form fields,
     * which a vendor would never see as headers, so the real request's headers are used when there is one.
     */
    private static Map<String, String> requestHeaders(Message in) {
        Map<String, String> headers = new LinkedHashMap<>();
        FormBodies.request(in).ifPresentOrElse(
                request -> request.headers().names().forEach(n -> headers.put(n, String.join(", ", request.headers().getAll(n)))),
                () -> in.getHeaders().forEach((k, v) -> {
                    if (v != null && !k.startsWith("Camel")) {
                        headers.put(k, v.toString());
                    }
                }));
        return headers;
    }
}
