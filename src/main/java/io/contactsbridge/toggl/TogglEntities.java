package io.contactsbridge.toggl;

import java.util.Map;

import io.contactsbridge.connector.CanonicalChange.Entity;

/** The kinds of Toggl Track record the bridge reads (canonical entities of this connector). */
public final class TogglEntities {
    public static final Entity CLIENT = Entity.of("client");
    public static final Entity PROJECT = Entity.of("project");
    public static final Entity TASK = Entity.of("task");
    public static final Entity TIME_ENTRY = Entity.of("time_entry");
    public static final Entity WORKSPACE = Entity.of("workspace");
    public static final Entity TAG = Entity.of("tag");
    public static final Entity PROJECT_USER = Entity.of("project_user");
    public static final Entity WORKSPACE_USER = Entity.of("workspace_user");

    /** Webhook {@code metadata.model} -> entity; models no flow needs are absent. */
    public static final Map<String, Entity> MODELS = Map.of(
            "client", CLIENT,
            "project", PROJECT,
            "task", TASK,
            "time_entry", TIME_ENTRY,
            "workspace", WORKSPACE,
            "tag", TAG,
            "project_user", PROJECT_USER,
            "workspace_user", WORKSPACE_USER);

    private TogglEntities() {
    }
}
