-- TimeTonic has no webhooks and its tables may have no modified-at field: what the bridge last saw
-- of each polled row (a hash of its values, so an unchanged row costs no write), which HighLevel
-- contact a row of the contacts table stands for, the summary last written to it (total and open
-- tasks, so a cycle with nothing changed writes nothing), when it last changed, and whether it was
-- moved to the archive status (rows are never deleted).
CREATE TABLE timetonic_row_state (
    table_id      VARCHAR(64)  NOT NULL,
    row_id        VARCHAR(64)  NOT NULL,
    row_hash      VARCHAR(128),
    contact_id    VARCHAR(100),
    total_tasks   INTEGER,
    open_tasks    INTEGER,
    archived      BOOLEAN      DEFAULT FALSE NOT NULL,
    touched_at    TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT timetonic_row_state_pk PRIMARY KEY (table_id, row_id)
);
CREATE INDEX timetonic_row_state_contact ON timetonic_row_state (contact_id);
