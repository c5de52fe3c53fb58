package io.contactsbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Who may call a simulator: bearer tokens and Basic {@code user:password} pairs, each registered with a
 * {@link Grant} (the account it acts for, its scopes, when it expires). The simulator answers a refusal
 * in its vendor's own shape through a {@link Refusal} callback; the checks are the same everywhere.
 */
public final class Auth {
    public static final long NEVER = Long.MAX_VALUE;

    /** What a credential grants. {@code expiresAt}: epoch millis ({@link #NEVER}); {@code kind}: the simulator's label. */
    public record Grant(String account, Set<String> scopes, long expiresAt, String kind) {
        public Grant {
            scopes = Set.copyOf(scopes);
        }

        public boolean has(String scope) {
            return scopes.contains(scope);
        }

        public boolean expiredAt(long now) {
            return expiresAt <= now;
        }
    }

    /** Why a request was refused. */
    public enum Failure {
        /** No Authorization header. */
        MISSING,
        /** A scheme nobody registered credentials for, or an unreadable Basic value. */
        MALFORMED,
        /** A token or user/password pair that was never registered (or was revoked). */
        UNKNOWN,
        /** A registered token past its expiry. */
        EXPIRED
    }

    /** Turns a failure into the simulator's own answer, thrown by {@link #authenticate}. */
    @FunctionalInterface
    public interface Refusal {
        RuntimeException refuse(Failure failure);
    }

    /** The parsed Authorization header: {@code scheme} lower-case; {@code user}/{@code password} for Basic. */
    public record Credentials(String scheme, String token, String user, String password) {
    }

    private final LongSupplier clock;
    private final Map<String, Grant> bearer = new ConcurrentHashMap<>();
    private final Map<String, Grant> basic = new ConcurrentHashMap<>();

    public Auth(LongSupplier clock) {
        this.clock = clock;
    }

    public void registerBearer(String token, Grant grant) {
        bearer.put(token, grant);
    }

    public void registerBasic(String user, String password, Grant grant) {
        basic.put(user + ":" + password, grant);
    }

    public void revokeBearer(String token) {
        bearer.remove(token);
    }

    /** The grant of a bearer token, expired or not. */
    public Optional<Grant> bearerGrant(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(bearer.get(token));
    }

    /** True when the bearer token is registered and not expired. */
    public boolean isValid(String token) {
        return bearerGrant(token).map(g -> !g.expiredAt(clock.getAsLong())).orElse(false);
    }

    /** Makes every bearer grant matching {@code which} expired now (e.g. all OAuth access tokens). */
    public void expire(Predicate<Grant> which) {
        long past = clock.getAsLong() - 1;
        bearer.replaceAll((t, g) -> which.test(g) ? new Grant(g.account(), g.scopes(), past, g.kind()) : g);
    }

    /** The grant of the request's credentials; otherwise throws what {@code refusal} makes of the failure. */
    public Grant authenticate(SimRequest request, Refusal refusal) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            throw refusal.refuse(Failure.MISSING);
        }
        Optional<Credentials> parsed = parse(header.get());
        if (parsed.isEmpty()) {
            throw refusal.refuse(Failure.MALFORMED);
        }
        Credentials c = parsed.get();
        Grant grant = switch (c.scheme()) {
            case "bearer" -> bearer.get(c.token());
            case "basic" -> basic.get(c.user() + ":" + c.password());
            default -> null;
        };
        if (grant == null) {
            throw refusal.refuse(Failure.UNKNOWN);
        }
        if (grant.expiredAt(clock.getAsLong())) {
            throw refusal.refuse(Failure.EXPIRED);
        }
        return grant;
    }

    /**
     * Parses {@code Bearer <token>} and {@code Basic <base64 user:password>} (schemes case-insensitive,
     * surrounding blanks ignored); empty when the header is neither or its Basic value is unreadable.
     */
    public static Optional<Credentials> parse(String header) {
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = h.substring(0, space).toLowerCase(java.util.Locale.ROOT);
        String value = h.substring(space + 1).trim();
        if (scheme.equals("bearer")) {
            return Optional.of(new Credentials(scheme, value, null, null));
        }
        if (scheme.equals("basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(scheme, value, decoded.substring(0, colon), decoded.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
