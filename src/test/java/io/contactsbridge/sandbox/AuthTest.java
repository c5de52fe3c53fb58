package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AuthTest {
    final AtomicLong now = new AtomicLong(5_000);
    final Auth auth = new Auth(now::get);

    /** The failure, as a test refusal carries it. */
    static final class Refused extends RuntimeException {
        final Auth.Failure failure;

        Refused(Auth.Failure failure) {
            super(failure.name());
            this.failure = failure;
        }
    }

    static SimRequest withAuth(String header) {
        Map<String, String> h = new HashMap<>();
        if (header != null) {
            h.put("authorization", header);
        }
        return SimRequest.of("GET", "/", null, h, null);
    }

    static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    Auth.Failure failure(String header) {
        try {
            auth.authenticate(withAuth(header), Refused::new);
            return null;
        } catch (Refused r) {
            return r.failure;
        }
    }

    @Test
    void parsesBearerAndBasicCaseInsensitively() {
        assertThat(Auth.parse("  bearer   abc ")).contains(new Auth.Credentials("bearer", "abc", null, null));
        Auth.Credentials c = Auth.parse(basic("tok:api_token")).orElseThrow();
        assertThat(c.user()).isEqualTo("tok");
        assertThat(c.password()).isEqualTo("api_token");
        assertThat(Auth.parse(basic("a:b:c")).orElseThrow().password()).isEqualTo("b:c");
        assertThat(Auth.parse("Basic !!!")).isEmpty();
        assertThat(Auth.parse(basic("no-colon"))).isEmpty();
        assertThat(Auth.parse("Bearer")).isEmpty();
        assertThat(Auth.parse("Digest x")).isEmpty();
    }

    @Test
    void grantsRegisteredCredentialsAndRefusesTheRestByReason() {
        auth.registerBearer("t1", new Auth.Grant("loc-1", Set.of("read"), Auth.NEVER, "static"));
        auth.registerBasic("tok", "api_token", new Auth.Grant("ws", Set.of(), Auth.NEVER, "basic"));
        assertThat(auth.authenticate(withAuth("Bearer t1"), Refused::new).account()).isEqualTo("loc-1");
        assertThat(auth.authenticate(withAuth(basic("tok:api_token")), Refused::new).account()).isEqualTo("ws");
        assertThat(failure(null)).isEqualTo(Auth.Failure.MISSING);
        assertThat(failure("Basic %%%")).isEqualTo(Auth.Failure.MALFORMED);
        assertThat(failure("Bearer nope")).isEqualTo(Auth.Failure.UNKNOWN);
        assertThat(failure(basic("tok:wrong"))).isEqualTo(Auth.Failure.UNKNOWN);
        assertThat(failure("Bearer tok")).as("a Basic user is not a bearer token").isEqualTo(Auth.Failure.UNKNOWN);
        assertThat(auth.authenticate(withAuth("Bearer t1"), Refused::new).has("read")).isTrue();
    }

    @Test
    void expiresTokensByTheirClockAndOnRequest() {
        auth.registerBearer("oauth", new Auth.Grant("loc", Set.of(), now.get() + 1_000, "oauth"));
        auth.registerBearer("static", new Auth.Grant("loc", Set.of(), Auth.NEVER, "static"));
        assertThat(auth.isValid("oauth")).isTrue();
        now.addAndGet(1_000);
        assertThat(failure("Bearer oauth")).isEqualTo(Auth.Failure.EXPIRED);
        auth.registerBearer("oauth2", new Auth.Grant("loc", Set.of(), now.get() + 60_000, "oauth"));
        auth.expire(g -> g.kind().equals("oauth"));
        assertThat(auth.isValid("oauth2")).isFalse();
        assertThat(auth.isValid("static")).isTrue();
        auth.revokeBearer("static");
        assertThat(auth.isValid("static")).isFalse();
        assertThatThrownBy(() -> auth.authenticate(withAuth("Bearer static"), Refused::new)).isInstanceOf(Refused.class);
    }
}
