-- A create about to be sent for a source record that has no link yet. Written before the call and
-- removed once the created record is linked (or the call was refused): an intent found by a later
-- attempt (after a crash, a lost answer or another replica's lease ran out) means the earlier send
-- may have created the record, so the create first looks it up instead of creating it twice.
CREATE TABLE sync_create_intent (
    source        VARCHAR(40)  NOT NULL,
    source_entity VARCHAR(40)  NOT NULL,
    source_id     VARCHAR(300) NOT NULL,
    target_system VARCHAR(40)  NOT NULL,
    target_entity VARCHAR(40)  NOT NULL,
    operation     VARCHAR(200) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_create_intent_pk PRIMARY KEY (source, source_entity, source_id, target_system, target_entity)
);
