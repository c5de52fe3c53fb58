-- Hubstaff poll: the content hash of each record last put in the inbox, per kind (client, project,
-- todo, member, client_day). Hubstaff lists clients, projects and to-dos without a date filter, so a
-- cycle reads them all and skips what is unchanged. pending_hash/pending_gen: written by a cycle,
-- counted once the poll's watermark reaches that generation (after its changes are in the inbox).
CREATE TABLE hubstaff_record_hash (
    kind          VARCHAR(20)  NOT NULL,
    record_id     VARCHAR(100) NOT NULL,
    hash          VARCHAR(64),
    pending_hash  VARCHAR(64),
    pending_gen   BIGINT,
    CONSTRAINT hubstaff_record_hash_pk PRIMARY KEY (kind, record_id)
);
-- Hubstaff webhook subscriptions made by this bridge. The target URL carries path_token (unguessable,
-- the only thing a delivery is checked by, since Hubstaff documents no signature); hook_secret is the
-- X-Hook-Secret of the handshake, needed to activate the subscription and checked when a delivery
-- carries it.
CREATE TABLE hubstaff_webhook (
    path_token    VARCHAR(100) PRIMARY KEY,
    webhook_id    VARCHAR(100),
    hook_secret   VARCHAR(500),
    callback_url  VARCHAR(1000) NOT NULL,
    events        VARCHAR(1000) NOT NULL,
    active        BOOLEAN      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
