package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.contactsbridge.sandbox.SimRequest;
import org.junit.jupiter.api.Test;

/** The Swagger check used by the connector tests can fail: it refuses requests the spec does not allow. */
class TogglSwaggerTest {
    static SimRequest post(String path, String body) {
        return SimRequest.of("POST", "/api/v9" + path, null, Map.of("Content-Type", "application/json", "Authorization", "Basic c2FuZGJveC10b2dnbC10b2tlbjphcGlfdG9rZW4="),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static SimRequest get(String path, String query) {
        return SimRequest.of("GET", "/api/v9" + path, query, Map.of("Authorization", "Basic c2FuZGJveC10b2dnbC10b2tlbjphcGlfdG9rZW4="),
                null);
    }

    @Test
    void acceptsWhatTheSpecAllowsAndRefusesTheRest() throws Exception {
        assertThat(TogglSwagger.problems(post("/workspaces/1000/clients", "{\"name\":\"Acme\",\"notes\":\"n\"}"),
                "/workspaces/1000/clients")).isEmpty();
        assertThat(TogglSwagger.problems(post("/workspaces/1000/clients", "{\"name\":5}"), "/workspaces/1000/clients"))
                .isNotEmpty();
        assertThat(TogglSwagger.problems(post("/workspaces/abc/clients", "{\"name\":\"x\"}"), "/workspaces/abc/clients"))
                .isNotEmpty();
        assertThat(TogglSwagger.problems(post("/workspaces/1000/project_users", "{\"project_id\":\"seven\"}"),
                "/workspaces/1000/project_users")).isNotEmpty();
        assertThat(TogglSwagger.problems(post("/workspaces/1000/no_such_thing", "{}"), "/workspaces/1000/no_such_thing"))
                .isNotEmpty();
        // GET filters the file declares as (required) formData are optional query parameters
        assertThat(TogglSwagger.problems(get("/workspaces/1000/projects", "name=Web&client_ids=7&active=both"),
                "/workspaces/1000/projects")).isEmpty();
        assertThat(TogglSwagger.problems(get("/workspaces/1000/projects", null), "/workspaces/1000/projects")).isEmpty();
        assertThat(TogglSwagger.problems(get("/me/clients", "since=yesterday"), "/me/clients")).isNotEmpty();
    }
}
