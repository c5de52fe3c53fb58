package io.contactsbridge.bench;

import java.util.concurrent.Callable;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench echo-server}: the intake bench's baseline, a bare Camel Main with one platform-http
 * route that answers every {@code POST /echo} with its body. Same jar, same JVM options and same
 * HTTP stack (Vert.x) as the bridge, and nothing else: no settings file, no store, no management
 * server, so the ratio shows what the bridge's webhook intake costs on top of Camel itself.
 */
@Command(name = "echo-server", hidden = true,
        description = "Serve POST /echo with a bare Camel platform-http route (the intake bench's baseline).")
public class EchoServerCommand implements Callable<Integer> {
    public static final String PATH = "/echo";

    @Option(names = "--port", required = true, description = "Port to listen on (127.0.0.1).")
    int port;

    @Override
    public Integer call() throws Exception {
        Main main = new Main();
        // the bridge's application.properties (in the jar) must not configure the baseline
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addInitialProperty("camel.main.name", "echo-baseline");
        main.addInitialProperty("camel.main.jmx-enabled", "false");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", String.valueOf(port));
        main.addInitialProperty("camel.server.max-body-size", "2097152");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // platform-http answers with the message body: the request's, set again as the one step
                from("platform-http:" + PATH + "?httpMethodRestrict=POST").routeId("echo").setBody(body());
            }
        });
        main.run();
        return 0;
    }
}
