package io.contactsbridge.connector.auth;

import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.KitBeans;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /oauth/<connector>/callback?code=...&state=...}: where the vendor's consent page sends
 * the user back. The state must be one {@code connect} handed out for this connector, unused and
 * not expired (400 otherwise, nothing exchanged); a refused consent ({@code error=...}) is a 400
 * naming the vendor's error; then the connector exchanges the code and stores the token pair (200),
 * or says why it could not (502 when the vendor failed, 400 when it refused the code). Answers are
 * short plain text for the browser that lands here; they quote neither the code nor a token.
 */
public final class OAuthCallbackRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthCallbackRoutes.class);

    private final OAuthConnect connect;

    public OAuthCallbackRoutes(OAuthConnect connect) {
        this.connect = connect;
    }

    /** {@code /oauth/<id>/callback} */
    public static String path(String provider) {
        return "/oauth/" + provider + "/callback";
    }

    @Override
    public void configure() {
        from("platform-http:" + path(connect.provider()) + "?httpMethodRestrict=GET")
                .routeId("oauth." + connect.provider() + ".callback")
                .process(this::handle);
    }

    private void handle(Exchange exchange) {
        Message in = exchange.getMessage();
        String state = in.getHeader(OAuthConnect.STATE, String.class);
        String code = in.getHeader(OAuthConnect.CODE, String.class);
        String error = in.getHeader(OAuthConnect.ERROR, String.class);
        DataSource dataSource = exchange.getContext().getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
        AuthorizationStates states = new AuthorizationStates(dataSource, Clock.systemUTC());
        Optional<String> redirectUri = states.redeem(connect.provider(), state);
        int status;
        String text;
        if (redirectUri.isEmpty()) {
            status = 400;
            text = "This consent link is unknown, used or expired: run 'connect " + connect.provider() + "' again.";
        } else if (error != null) {
            status = 400;
            text = connect.title() + " did not grant access (" + printable(error) + "): run 'connect " + connect.provider()
                    + "' again and approve the permissions.";
        } else if (code == null || code.isBlank()) {
            status = 400;
            text = "The callback carries no authorization code: run 'connect " + connect.provider() + "' again.";
        } else {
            try {
                OAuthConnect.Connected connected = connect.complete(exchange.getContext(), code, redirectUri.get());
                status = 200;
                text = connected.message();
                LOG.info("{} connected: account {}, scopes {}", connect.title(), connected.account(), connected.scopes());
            } catch (IllegalArgumentException e) {
                status = 400;
                text = connect.title() + " refused the authorization: " + SecretMasker.mask(e.getMessage())
                        + ". Run 'connect " + connect.provider() + "' again.";
            } catch (ApiException e) {
                status = 502;
                text = connect.title() + " could not complete the connection: " + SecretMasker.mask(e.getMessage());
            }
        }
        if (status != 200) {
            LOG.warn("{} OAuth callback refused ({}): {}", connect.title(), status, text);
        }
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        in.setHeader("Cache-Control", "no-store");
        in.setBody(text + "\n");
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.\\- ]", "?");
        return t.length() > 100 ? t.substring(0, 100) : t;
    }
}
