-- Encryption at rest (issue 19). key_id names the key a row's secret columns are encrypted with
-- (null: written before encryption, read as it is until 'rotate-key' or the next write encrypts it).
ALTER TABLE tokens ADD COLUMN key_id VARCHAR(16);
-- The fields a write changed, before and after, as encrypted JSON ({"field": {"before": .., "after": ..}},
-- "created": true when the write made the record); rollback_of: the audit row a rollback undid.
ALTER TABLE sync_audit ADD COLUMN changes TEXT;
ALTER TABLE sync_audit ADD COLUMN key_id VARCHAR(16);
ALTER TABLE sync_audit ADD COLUMN target_system VARCHAR(40);
ALTER TABLE sync_audit ADD COLUMN target_entity VARCHAR(40);
ALTER TABLE sync_audit ADD COLUMN rollback_of BIGINT;
CREATE INDEX sync_audit_event ON sync_audit (event_id);
CREATE INDEX sync_audit_rollback_of ON sync_audit (rollback_of);
CREATE INDEX sync_audit_target ON sync_audit (target_system, target_entity, target_id);
