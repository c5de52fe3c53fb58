package io.contactsbridge.sandbox.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.Unauthorized;
import org.junit.jupiter.api.Test;

class HighLevelSimulatorAuthTest extends SimulatorTestBase {
    static final Map<String, Object> INVALID_TOKEN = Map.of("statusCode", 401,
            "message", "Invalid token: access token is invalid", "error", "Unauthorized");

    @Test
    void refusesMissingOrUnknownTokensAndAMissingVersion() {
        api.token = null;
        SimClient.Res none = api.get("/contacts/?locationId=sandbox-location");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json()).isEqualTo(INVALID_TOKEN);
        api.token = "wrong";
        assertThat(api.get("/contacts/?locationId=sandbox-location").json()).isEqualTo(INVALID_TOKEN);
        api.token = HighLevelSimulator.TOKEN;
        api.version = null;
        SimClient.Res noVersion = api.get("/contacts/?locationId=sandbox-location");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json()).containsEntry("statusCode", 400).containsEntry("message", "Version header was not found");
        api.version = "2023-02-21";
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(400);
        api.version = HighLevelSimulator.VERSION;
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        assertThat(api.get("/nowhere").status()).isEqualTo(404);
    }

    @Test
    void checksTheScopeBeforeLookingAnythingUp() {
        String id = createContact("Scope", "Check", "scope@check.example", null);
        sim.registerToken("read-only", HighLevelSimulator.SCOPE_READ);
        sim.registerToken("write-only", HighLevelSimulator.SCOPE_WRITE);
        api.token = "read-only";
        assertThat(api.get("/contacts/" + id).status()).isEqualTo(200);
        SimClient.Res write = api.put("/contacts/does-not-exist", Map.of("firstName", "x"));
        assertThat(write.status()).isEqualTo(401);
        assertThat(write.json()).isEqualTo(Map.of("statusCode", 401, "message", "The token is not authorized for this scope."));
        assertThat(api.post("/contacts/", contactBody("a", "b", "new@x.example", null)).status()).isEqualTo(401);
        api.token = "write-only";
        assertThat(api.get("/contacts/does-not-exist").status()).isEqualTo(401);
        assertThat(api.put("/contacts/" + id, Map.of("firstName", "Changed")).status()).isEqualTo(200);
        assertThat(sim.contactCount()).isEqualTo(1);
    }

    @Test
    void bindsTokensToTheirLocation() {
        String id = createContact("Mine", "Here", "mine@here.example", null);
        sim.registerToken("other-location-token", "other-location", Set.of(HighLevelSimulator.SCOPE_READ, HighLevelSimulator.SCOPE_WRITE));
        api.token = "other-location-token";
        SimClient.Res list = api.get("/contacts/?locationId=sandbox-location");
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.json()).containsEntry("message", "The token does not have access to this location.");
        assertThat(api.get("/contacts/" + id).status()).isEqualTo(403);
        assertThat(api.post("/contacts/", contactBody("x", "y", "x@y.example", null)).status()).isEqualTo(403);
        assertThat(api.get("/contacts/?locationId=unknown-location").status()).isEqualTo(422);
        assertThat(api.get("/contacts/?locationId=other-location").list("contacts")).isEmpty();
        assertThat(sim.contactCount()).isEqualTo(1);
    }

    @Test
    void rotatesSingleUseRefreshTokens() {
        int refreshesBefore = sim.refreshCount();
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ, HighLevelSimulator.SCOPE_WRITE);
        SimClient.Res first = api.form("/oauth/token", refreshForm(refresh));
        assertThat(first.status()).isEqualTo(200);
        Map<String, Object> t = first.json();
        assertThat(t).containsEntry("token_type", "Bearer").containsEntry("expires_in", 86399)
                .containsEntry("scope", "contacts.readonly contacts.write").containsEntry("userType", "Location")
                .containsEntry("locationId", "sandbox-location").containsKeys("access_token", "refresh_token", "companyId", "userId");
        assertThat(t.get("refresh_token")).isNotEqualTo(refresh);
        assertThat(sim.isRefreshTokenValid(refresh)).isFalse();
        assertThat(sim.isRefreshTokenValid((String) t.get("refresh_token"))).isTrue();

        api.token = (String) t.get("access_token");
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);

        SimClient.Res reused = api.form("/oauth/token", refreshForm(refresh));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json()).containsEntry("error", "invalid_grant");

        SimClient.Res second = api.form("/oauth/token", refreshForm((String) t.get("refresh_token")));
        assertThat(second.status()).isEqualTo(200);
        assertThat(sim.refreshCount()).isEqualTo(refreshesBefore + 2);
        // the previous access token stays valid until it expires
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
    }

    @Test
    void onlyOneOfManyConcurrentRefreshesWins() throws Exception {
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> new SimClient(root).form("/oauth/token", refreshForm(refresh)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnlyOnce(200);
            assertThat(statuses.stream().filter(s -> s == 400)).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiresAccessTokensAfterTheirLifetime() {
        sim.faults().accessTokenTtlSeconds(1);
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ);
        Map<String, Object> t = api.form("/oauth/token", refreshForm(refresh)).json();
        assertThat(t).containsEntry("expires_in", 1);
        api.token = (String) t.get("access_token");
        assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        sim.expireAccessTokens();
        SimClient.Res expired = api.get("/contacts/?locationId=sandbox-location");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json()).isEqualTo(INVALID_TOKEN);
        assertThat(sim.isAccessTokenValid(api.token)).isFalse();
        // a token's own clock also ends it
        long[] now = {System.currentTimeMillis()};
        sim.useClock(() -> now[0]);
        try {
            Map<String, Object> t2 = api.form("/oauth/token", refreshForm((String) t.get("refresh_token"))).json();
            api.token = (String) t2.get("access_token");
            assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
            now[0] += 1_000;
            assertThat(api.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(401);
        } finally {
            sim.useClock(System::currentTimeMillis);
        }
    }

    @Test
    void exchangesAnAuthorizationCodeOnceAndChecksTheClient() {
        String code = sim.issueAuthorizationCode(HighLevelSimulator.SCOPE_READ);
        String form = "client_id=sandbox-client-id&client_secret=sandbox-client-secret&grant_type=authorization_code&code=" + code
                + "&user_type=Location&redirect_uri=" + URLEncoder.encode("http://localhost/cb", StandardCharsets.UTF_8);
        SimClient.Res ok = api.form("/oauth/token", form);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).containsEntry("scope", "contacts.readonly");
        assertThat(api.form("/oauth/token", form).json()).containsEntry("error", "invalid_grant");

        SimClient.Res badClient = api.form("/oauth/token",
                "client_id=sandbox-client-id&client_secret=nope&grant_type=refresh_token&refresh_token=x");
        assertThat(badClient.status()).isEqualTo(401);
        assertThat(badClient.json()).containsEntry("error", "invalid_client");
        String refresh = sim.issueRefreshToken(HighLevelSimulator.SCOPE_READ);
        SimClient.Res inQuery = api.form("/oauth/token?" + refreshForm(refresh), "");
        assertThat(inQuery.status()).as("fields in the query string are not a form body").isEqualTo(422);
        assertThat(sim.isRefreshTokenValid(refresh)).isTrue();
        SimClient.Res missing = api.form("/oauth/token", "grant_type=password");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.messages()).contains("client_id should not be empty",
                "grant_type must be one of the following values: authorization_code, refresh_token, client_credentials");
    }

    static String refreshForm(String refreshToken) {
        return "client_id=" + HighLevelSimulator.CLIENT_ID + "&client_secret=" + HighLevelSimulator.CLIENT_SECRET
                + "&grant_type=refresh_token&user_type=Location&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    }

    /** The marketplace consent step and the authorization_code grant (issue 13), as oauth.json and RFC 6749 4.1 say. */
    @Test
    void theConsentStepIssuesASingleUseCodeBoundToItsRedirectUri() {
        String back = "https://bridge.example/oauth/highlevel/callback";
        String enc = java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8);
        String consent = "/oauth/chooselocation?response_type=code&client_id=" + HighLevelSimulator.CLIENT_ID
                + "&redirect_uri=" + enc + "&scope=contacts.readonly%20contacts.write&state=s-1";
        SimClient.Res page = api.get(consent);
        assertThat(page.status()).isEqualTo(302);
        String location = page.header("Location");
        assertThat(location).startsWith(back + "?code=sim-code-").endsWith("&state=s-1");
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

        String form = "grant_type=authorization_code&client_id=" + HighLevelSimulator.CLIENT_ID + "&client_secret="
                + HighLevelSimulator.CLIENT_SECRET + "&user_type=Location&code=" + code + "&redirect_uri=";
        // another redirect URI than the consent's: refused, and the code is spent
        assertThat(api.form("/oauth/token", form + java.net.URLEncoder.encode("https://evil.example/cb",
                java.nio.charset.StandardCharsets.UTF_8)).json()).containsEntry("error", "invalid_grant");
        assertThat(api.form("/oauth/token", form + enc).status()).isEqualTo(400);

        String code2 = api.get(consent).header("Location").replaceAll(".*[?&]code=([^&]+).*", "$1");
        SimClient.Res token = api.form("/oauth/token", form.replace(code, code2) + enc);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json()).containsEntry("locationId", HighLevelSimulator.LOCATION_ID)
                .containsEntry("scope", "contacts.readonly contacts.write").containsKey("refresh_token");
        assertThat(api.form("/oauth/token", form.replace(code, code2) + enc).json()).as("single use")
                .containsEntry("error", "invalid_grant");

        // what the page refuses: an unknown client or no redirect URI (400, no redirect); a bad scope or a
        // "cancel" go back to the redirect URI with the error
        assertThat(api.get(consent.replace(HighLevelSimulator.CLIENT_ID, "someone")).status()).isEqualTo(400);
        assertThat(api.get(consent.replace("&redirect_uri=" + enc, "")).status()).isEqualTo(400);
        assertThat(api.get(consent.replace("contacts.write", "users.write")).header("Location"))
                .isEqualTo(back + "?error=invalid_scope&state=s-1");
        sim.denyConsent();
        assertThat(api.get(consent).header("Location")).isEqualTo(back + "?error=access_denied&state=s-1");
        assertThat(sim.consentCount()).isEqualTo(2);
    }
}
