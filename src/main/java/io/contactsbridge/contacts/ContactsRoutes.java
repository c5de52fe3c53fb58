package io.contactsbridge.contacts;

import static io.contactsbridge.contacts.HighLevelClient.DRY_RUN;
import static io.contactsbridge.contacts.HighLevelClient.FOLLOW;
import static io.contactsbridge.contacts.HighLevelClient.NEXT_PAGE;
import static io.contactsbridge.contacts.HighLevelClient.OPERATION;
import static io.contactsbridge.contacts.HighLevelClient.RECOVERED;
import static io.contactsbridge.contacts.HighLevelClient.RETRY_AUTH;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.runtime.ConnectorStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The HighLevel Contacts API operation routes: one route per operationId, generated from
 * {@link ContactsOperations} (route id = operationId, endpoint {@code direct:contacts.<operationId>}),
 * and the shared routes they use:
 * <pre>
 * direct:contacts.&lt;op&gt;  prepare (headers+body -&gt; request) -&gt; dry run | pages | send -&gt; finish
 *   (transient errors: exponential backoff with jitter, here, around the send)
 * direct:highlevel.send   look a create up before re-sending it -&gt; http -&gt; (401: refresh, http again) -&gt; typed answer
 * direct:highlevel.http   pace per location, token + headers -&gt; camel-http -&gt; quota headers, metrics
 * direct:highlevel.pages  follows pages to the end (header followPages=true) with a cap
 * </pre>
 * Beans bound: {@value #CLIENT_BEAN} ({@link HighLevelClient}) and {@value #TOKENS_BEAN} ({@link TokenProvider}).
 */
public final class ContactsRoutes extends RouteBuilder {
    public static final String CLIENT_BEAN = "highlevelClient";
    public static final String TOKENS_BEAN = "highlevelTokens";
    static final String ENDPOINT = "highlevelEndpoint";

    private final HighLevelConfig config;
    private final boolean verifyAtStart;

    /**
     * @param verifyAtStart check token, location and scopes when the context has started (the bridge);
     *                      the command line ({@code call}, {@code check}) does not.
     */
    public ContactsRoutes(HighLevelConfig config, boolean verifyAtStart) {
        this.config = config;
        this.verifyAtStart = verifyAtStart;
    }

    @Override
    public void configure() throws Exception {
        CamelContext context = getContext();
        TokenProvider tokens = config.oauth() ? oauthTokens(context) : new StaticTokenProvider(config.token());
        HighLevelClient client = new HighLevelClient(context, config, tokens,
                new QuotaPacer(config.rateMax(), config.rateIntervalMillis()));
        context.getRegistry().bind(CLIENT_BEAN, client);
        context.getRegistry().bind(TOKENS_BEAN, tokens);

        // the caller (a flow) decides what a final failure means; it gets the typed exception
        errorHandler(defaultErrorHandler().logExhausted(false));
        onException(RateLimited.class, ServerError.class, IoFailure.class)
                .maximumRedeliveries(config.retryMaxRedeliveries())
                .redeliveryDelay(config.retryInitialDelayMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(config.retryMaxDelayMillis())
                .useCollisionAvoidance() // jitter: +-15 % of each delay
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryStackTrace(false)
                .logExhausted(false);

        for (ContactsOperation op : ContactsOperations.all()) {
            from(op.endpoint()).routeId(op.operationId())
                    .description(op.method() + " " + op.pathTemplate() + " (" + op.scope() + "): " + op.description())
                    .setProperty(OPERATION, constant(op))
                    .process(client::prepare)
                    .choice()
                        .when(exchangeProperty(DRY_RUN).isEqualTo(true))
                            .process(client::dryRunAnswer)
                        .when(exchangeProperty(FOLLOW).isEqualTo(true))
                            .to("direct:highlevel.pages")
                        .otherwise()
                            .to("direct:highlevel.send")
                    .end()
                    .process(client::finish);
        }

        // no error handler below: failures go back to the operation route, which retries its step
        from("direct:highlevel.pages").routeId("highlevel.pages").errorHandler(noErrorHandler())
                .loopDoWhile(exchangeProperty(NEXT_PAGE).isEqualTo(true))
                    .to("direct:highlevel.send")
                    .process(client::collectPage)
                .end()
                .process(client::allPages);

        from("direct:highlevel.send").routeId("highlevel.send").errorHandler(noErrorHandler())
                .process(client::recoverCreate)
                .filter(exchangeProperty(RECOVERED).isNull())
                    .to("direct:highlevel.http")
                    .filter(exchangeProperty(RETRY_AUTH).isEqualTo(true))
                        .to("direct:highlevel.http") // once, with the refreshed token
                    .end()
                    .process(client::interpret)
                .end();

        from("direct:highlevel.http").routeId("highlevel.http").errorHandler(noErrorHandler())
                .process(client::beforeHttp)
                .process(ex -> ex.setProperty(ENDPOINT, client.httpEndpoint(
                        ex.getProperty(OPERATION, ContactsOperation.class))))
                .doTry()
                    .toD("${exchangeProperty." + ENDPOINT + "}")
                .doCatch(Exception.class) // no answer, whatever the HTTP client threw
                    .process(client::ioFailure)
                .end()
                .process(client::afterHttp);

        if (verifyAtStart) {
            context.addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                    // wait until everything (the sandbox's simulator included) is up
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                    new HighLevelConnection(client).verifyAtStart();
                }
            });
        }
    }

    private TokenProvider oauthTokens(CamelContext context) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(Bridge.DATA_SOURCE_BEAN, DataSource.class);
        if (dataSource == null) {
            throw new ConfigException("HighLevel OAuth needs the state store (tokens table), but none is configured");
        }
        return new OAuthTokenProvider(new TokenStore(dataSource), new CamelTokenEndpoint(context, config),
                config.locationId(), config.refreshToken(), Duration.ofSeconds(config.refreshAheadSeconds()),
                Clock.systemUTC(), reason -> markReauthorizationNeeded(context, reason));
    }

    /** invalid_grant: the status page and health show it until someone re-authorises. */
    @SuppressWarnings("unchecked")
    private static void markReauthorizationNeeded(CamelContext context, String reason) {
        Map<String, ConnectorStatus> statuses = context.getRegistry()
                .lookupByNameAndType(Bridge.CONNECTOR_STATUS_BEAN, Map.class);
        if (statuses != null) {
            statuses.put(HighLevelConnector.NAME, new ConnectorStatus(HighLevelConnector.NAME, "HighLevel", false,
                    List.of("re-authorisation: " + reason)));
        }
    }
}
