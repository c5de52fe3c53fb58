package io.contactsbridge.runtime;

import java.util.List;

import io.contactsbridge.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * A connector that can test its connection ({@code check} on the command line): credentials valid,
 * permissions (scopes) sufficient, account/location reachable. The command starts a minimal Camel
 * context with only {@link #clientRoutes} (no server, no flows) and asks {@link #check}.
 */
public interface ConnectionCheck {

    /** Name shown in the check's output ({@code HighLevel}). */
    String title();

    /** Key prefix / connector name. */
    String name();

    /** True when the client routes need the state store (e.g. an OAuth token table). */
    default boolean needsDatabase(Settings settings) {
        return false;
    }

    /** The routes that talk to the API, without start-up side effects (no probes, no pollers). */
    List<RoutesBuilder> clientRoutes(Settings settings);

    /** Tests the connection through those routes. Never throws for a failed check: returns the reason. */
    Result check(CamelContext context);

    record Result(boolean ok, String message) {
        public static Result ok(String message) {
            return new Result(true, message);
        }

        public static Result failed(String reason) {
            return new Result(false, reason);
        }
    }
}
