-- OAuth tokens per provider and location. A refresh rotates the single-use refresh token: the new
-- pair is written with "UPDATE ... SET version = version + 1 WHERE version = <the one read>", in the
-- same statement, before the new access token is used; a replica that loses that race re-reads the
-- winner's row. seed_hash is the SHA-256 of the configured initial refresh token, so an operator
-- who sets a new one (after invalid_grant) is noticed, while an unchanged setting never overrides a
-- rotated token.
CREATE TABLE tokens (
    provider      VARCHAR(40)  NOT NULL,
    location_id   VARCHAR(100) NOT NULL,
    access_token  TEXT,
    refresh_token TEXT         NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    scopes        TEXT,
    seed_hash     VARCHAR(64),
    version       BIGINT       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tokens_pk PRIMARY KEY (provider, location_id)
);
