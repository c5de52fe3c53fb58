package io.contactsbridge.connector.http;

import java.util.List;
import java.util.function.Function;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.RateLimited;
import io.contactsbridge.api.ServerError;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * One connector's operation routes on Camel, generated from its {@link ApiProfile}: a route per
 * {@link ApiOperation} ({@code direct:<namespace>.<operationId>}, id {@link ApiOperation#routeId()})
 * and three shared routes named after the connector:
 * <pre>
 * direct:&lt;namespace&gt;.&lt;op&gt;  prepare (headers+body -&gt; request) -&gt; dry run | pages | send -&gt; finish
 *   transient errors (429, 5xx, no answer): Camel's redelivery, exponential backoff with jitter,
 *   or the delay the API's Retry-After asked for (up to retry.max-retry-after-ms; beyond it the caller gets the error)
 * direct:&lt;connector&gt;.send   look a create up before re-sending it -&gt; http -&gt; (401: renew, http again) -&gt; typed answer
 * direct:&lt;connector&gt;.http   quota gate, credentials + headers -&gt; camel-http producer -&gt; quota headers, metrics
 * direct:&lt;connector&gt;.pages  follows pages to the end (header followPages=true) with a cap
 * </pre>
 * Binds the connector's {@link ApiClient} as {@code <connector>.api}. The profile is made when the
 * routes are configured, so it can use what the context holds (the state store for OAuth tokens).
 *
 * <p>Camel's redelivery is the only retry: the HttpClient under camel-http would otherwise re-send a
 * request answered 429 or 503 (a create included) and some failed reads by itself, past the quota
 * gate, the metrics and the look-up before a create is re-sent; its automatic retries are turned off
 * for the context's http and https components.
 */
public final class OperationRoutes extends RouteBuilder {
    private static final String ENDPOINT = ApiClient.P + "endpoint";
    private final Function<CamelContext, ApiProfile> profiles;

    public OperationRoutes(Function<CamelContext, ApiProfile> profiles) {
        this.profiles = profiles;
    }

    @Override
    public void configure() throws Exception {
        // retries are Camel's redelivery below, never the HTTP client's own (it re-sent 429/503
        // answers, creates included, past the quota gate and the create look-up)
        for (String scheme : List.of("http", "https")) {
            getContext().getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }
        ApiProfile profile = profiles.apply(getContext());
        ApiClient client = new ApiClient(getContext(), profile);
        ApiSend send = new ApiSend(client);
        getContext().getRegistry().bind(ApiProfile.clientBean(profile.connector()), client);
        bindMetricsOnStart(client);
        String prefix = "direct:" + profile.connector();
        HttpSettings http = profile.http();

        // the caller (a flow) decides what a final failure means; it gets the typed exception
        errorHandler(defaultErrorHandler().logExhausted(false));
        onException(RateLimited.class, ServerError.class, NoAnswer.class)
                // a Retry-After longer than <prefix>.retry.max-retry-after-ms is not spent holding this thread:
                // the caller gets the error with its retryAfterMillis (the inbox tries again later)
                .onWhen(exchange -> waitFits(exchange, http))
                .maximumRedeliveries(http.maxRedeliveries())
                .redeliveryDelay(http.initialDelayMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(http.maxDelayMillis())
                .useCollisionAvoidance() // jitter: +-15 % of each delay
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryStackTrace(false)
                .logExhausted(false);

        for (ApiOperation op : profile.operations()) {
            from(op.endpoint()).routeId(op.routeId())
                    .description(op.method() + " " + op.path() + (op.scope() == null ? "" : " (" + op.scope() + ")")
                            + ": " + op.description())
                    .setProperty(ApiClient.OPERATION, constant(op))
                    .process(client::prepare)
                    .choice()
                        .when(exchangeProperty(ApiClient.DRY_RUN).isEqualTo(true))
                            .process(client::dryRunAnswer)
                        .when(exchangeProperty(ApiClient.FOLLOW).isEqualTo(true))
                            .to(prefix + ".pages")
                        .otherwise()
                            .to(prefix + ".send")
                    .end()
                    .process(client::finish);
        }

        // no error handler below: failures go back to the operation route, which redelivers its step
        from(prefix + ".pages").routeId(profile.connector() + ".pages").errorHandler(noErrorHandler())
                .loopDoWhile(exchangeProperty(ApiClient.NEXT_PAGE).isEqualTo(true))
                    .to(prefix + ".send")
                    .process(client::collectPage)
                .end()
                .process(client::allPages);

        from(prefix + ".send").routeId(profile.connector() + ".send").errorHandler(noErrorHandler())
                .process(send::recoverCreate)
                .filter(exchangeProperty(ApiClient.RECOVERED).isNull())
                    .to(prefix + ".http")
                    .filter(exchangeProperty(ApiSend.RETRY_AUTH).isEqualTo(true))
                        .to(prefix + ".http") // once, with the renewed credential
                    .end()
                    .process(send::interpret)
                .end();

        from(prefix + ".http").routeId(profile.connector() + ".http").errorHandler(noErrorHandler())
                .process(send::beforeHttp)
                .process(ex -> ex.setProperty(ENDPOINT, send.endpoint(ex)))
                .doTry()
                    .toD("${exchangeProperty." + ENDPOINT + "}")
                .doCatch(Exception.class) // no answer, whatever the HTTP client threw
                    .process(send::noAnswer)
                .end()
                .process(send::afterHttp);
    }

    /**
     * True when the wait the API asked for (a 429's Retry-After) is within {@code <prefix>.retry.max-retry-after-ms}:
     * Camel takes the delay header as it is, however long.
     */
    private static boolean waitFits(Exchange exchange, HttpSettings http) {
        return !(exchange.getException() instanceof ApiException e) || e.retryAfterMillis() <= http.maxRetryAfterMillis();
    }

    /**
     * The quota gauges (remaining, paused) belong on /observe/metrics from the start, before the
     * first call: Camel's metrics service makes its registry while the context starts, after the
     * routes are configured, so they are bound once the context has fully started.
     */
    private void bindMetricsOnStart(ApiClient client) throws Exception {
        getContext().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the registry may not exist yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                client.metrics().registry();
            }
        });
    }
}
