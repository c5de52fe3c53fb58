-- A refresh token the token endpoint refused (invalid_grant) is remembered by its SHA-256, so no
-- replica redeems it again: every later call reports re-authorisation needed at once (and events
-- wait) instead of hitting the token endpoint and dead-lettering each event.
ALTER TABLE tokens ADD COLUMN refused_hash VARCHAR(64);
ALTER TABLE tokens ADD COLUMN refused_reason VARCHAR(1000);
