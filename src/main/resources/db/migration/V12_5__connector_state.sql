-- What a connector must remember across restarts besides links and watermarks: the caches its flows
-- rely on (Toggl: project names for rename detection, a task's project, invitations sent, workspaces
-- seen), one JSON document per record. Kept in the store so a restart (or another replica) has them.
CREATE TABLE connector_state (
    connector   VARCHAR(40)  NOT NULL,
    kind        VARCHAR(40)  NOT NULL,
    record_id   VARCHAR(200) NOT NULL,
    data        TEXT         NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT connector_state_pk PRIMARY KEY (connector, kind, record_id)
);
