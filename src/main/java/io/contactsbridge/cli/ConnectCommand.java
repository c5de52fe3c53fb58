package io.contactsbridge.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.Connector;
import io.contactsbridge.connector.Connectors;
import io.contactsbridge.config.BridgeSettings;
import io.contactsbridge.connector.auth.AuthorizationStates;
import io.contactsbridge.connector.auth.ConsentLink;
import io.contactsbridge.connector.auth.OAuthCallbackRoutes;
import io.contactsbridge.connector.auth.OAuthConnect;
import io.contactsbridge.runtime.BridgeProcess;
import io.contactsbridge.runtime.ClientContext;
import io.contactsbridge.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code connect CONNECTOR}: starts the OAuth 2.0 authorization-code flow of a connector that uses
 * OAuth (HighLevel: a marketplace app). Prints the consent URL on standard output (alone on its
 * line, for scripts) and what to do on standard error; the running bridge receives the callback at
 * {@code /oauth/<connector>/callback}, exchanges the code and stores the token pair. The URL's
 * {@code state} is stored in the state store the bridge reads, valid once and for
 * {@code bridge.oauth.state-ttl-seconds}: through the bridge running here when it answers
 * ({@code POST /api/connect/<connector>}, needs {@code BRIDGE_ADMIN_TOKEN}; the default H2 file is
 * held by that process), else directly in the store.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Authorize the bridge at a connector's vendor (OAuth 2.0): prints the consent URL to open in a browser.",
                "The running bridge receives the callback and stores the tokens; 'check' and /api/status show the connection.",
                "Exit 0 when the URL was printed, 2 on a usage error, 3 on a configuration error."})
public class ConnectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "CONNECTOR", description = "the connector to connect (highlevel)")
    String connector;

    @Option(names = "--redirect-uri", description = "Callback URL the vendor sends the user back to, instead of the"
            + " configured one (it must reach this bridge's /oauth/<connector>/callback and be registered in the app).")
    String redirectUri;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (to stderr).")
    boolean verbose;

    /** Settings overrides (tests). */
    Map<String, String> overrides = Map.of();

    /** The command with these settings on top of application.properties (tests, embedding). */
    public ConnectCommand withSettings(Map<String, String> settings) {
        this.overrides = Map.copyOf(settings);
        return this;
    }

    /** The connectors to choose from (tests). */
    List<Connector> connectors = Connectors.discover();

    @Override
    public Integer call() {
        CliOutput.logToStderr(verbose);
        Optional<Connector> found = connectors.stream().filter(c -> c.id().equals(connector)).findFirst();
        if (found.isEmpty()) {
            System.err.println("contacts-bridge connect: no connector '" + connector + "' (one of "
                    + String.join(", ", connectors.stream().map(Connector::id).toList()) + ")");
            return USAGE;
        }
        Connector c = found.get();
        try (ClientContext context = ClientContext.start(overrides, settings -> List.of(), settings -> false)) {
            Settings settings = Settings.of(context.context());
            Optional<ConsentLink> viaBridge = fromRunningBridge(settings);
            ConsentLink link;
            if (viaBridge.isPresent()) {
                link = viaBridge.get();
            } else {
                List<String> missing = c.missingSettings(settings);
                if (!missing.isEmpty()) {
                    throw new ConfigException(Settings.missingMessage(c.title() + " connection is not configured", missing));
                }
                Optional<OAuthConnect> oauth = c.oauthConnect(settings);
                if (oauth.isEmpty()) {
                    System.err.println("contacts-bridge connect: the " + c.id() + " connection does not use OAuth with these"
                            + " settings (a static token is configured, or no OAuth client id): nothing to connect");
                    return USAGE;
                }
                link = fromStateStore(settings, oauth.get());
            }
            System.out.println(link.url());
            System.err.println("Open the URL above in a browser, choose the account and approve the permissions ("
                    + String.join(" ", link.scopes()) + ").");
            System.err.println("The link works once, for " + link.validFor().toMinutes() + " minutes. " + c.title()
                    + " sends you back to " + link.redirectUri() + " (register it in the app; it must reach the bridge's "
                    + OAuthCallbackRoutes.path(c.id()) + "), where the running bridge stores the connection.");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("contacts-bridge connect: " + SecretMasker.mask(e.getMessage()));
            return USAGE;
        } catch (ConfigException e) {
            System.err.println("contacts-bridge: configuration error: " + SecretMasker.mask(e.getMessage()));
            return BridgeProcess.CONFIG_ERROR;
        }
    }

    /**
     * The link from the bridge running here ({@code POST /api/connect/<id>}, admin token): with the
     * default H2 file it holds the state store, the callback will reach it, and its settings (a
     * sandbox's too) are the ones that count. Empty when no bridge answers, its admin API is closed,
     * or it has no such connector using OAuth.
     */
    private Optional<ConsentLink> fromRunningBridge(Settings settings) {
        Optional<String> admin = settings.get(BridgeSettings.ADMIN_TOKEN);
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        String url = "http://localhost:" + settings.getPort(BridgeSettings.HTTP_PORT) + "/api/connect/"
                + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                + (redirectUri == null ? "" : "?redirectUri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + admin.get())
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body = JSON.readValue(r.body(), new TypeReference<>() { });
            if (r.statusCode() == 200) {
                return Optional.of(ConsentLink.fromMap(body));
            }
            if (r.statusCode() == 400) {
                throw new IllegalArgumentException(String.valueOf(body.get("error")));
            }
            return Optional.empty(); // another bridge version, or the admin token differs: try the store
        } catch (IOException e) {
            return Optional.empty(); // no bridge running here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The link with its state written to the state store directly (PostgreSQL, or no bridge holding the H2 file). */
    private ConsentLink fromStateStore(Settings settings, OAuthConnect connect) {
        Duration ttl = Duration.ofSeconds(settings.getInt(ConsentLink.STATE_TTL,
                (int) AuthorizationStates.DEFAULT_TTL.toSeconds(), 1, 24 * 3600));
        try (Database database = Database.open(settings)) {
            return ConsentLink.create(database.dataSource(), connect, redirectUri, ttl);
        }
    }
}
