-- Poll position of each source: advanced only after the polled changes are in the inbox.
CREATE TABLE sync_watermark (
    source            VARCHAR(40) PRIMARY KEY,
    watermark         VARCHAR(1000),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_success_at   TIMESTAMP WITH TIME ZONE,
    last_error        VARCHAR(1000),
    last_changes      INTEGER NOT NULL DEFAULT 0
);
-- At most one poll cycle at a time across replicas (a lease, so a crashed holder frees it).
CREATE TABLE sync_cycle_lock (
    id            INTEGER PRIMARY KEY,
    holder        VARCHAR(100),
    held_until    TIMESTAMP WITH TIME ZONE
);
INSERT INTO sync_cycle_lock (id, holder, held_until) VALUES (1, NULL, NULL);
