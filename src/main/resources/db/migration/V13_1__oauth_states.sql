-- OAuth 2.0 authorization-code flow ("connect <connector>"): one row per consent URL handed out.
-- The callback deletes the row it redeems (single use) and only while expires_at is ahead; the
-- state itself is not stored, only its SHA-256 (a leaked table cannot complete a consent).
-- redirect_uri is the one the consent URL named: the code exchange must send the same.
CREATE TABLE oauth_states (
    state_hash   VARCHAR(64)   NOT NULL,
    provider     VARCHAR(40)   NOT NULL,
    redirect_uri VARCHAR(2000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth_states_pk PRIMARY KEY (state_hash)
);
