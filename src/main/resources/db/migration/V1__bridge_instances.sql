-- Which bridge processes have used this store, and when they last started: lets the status
-- page and operators see the replicas that share a PostgreSQL database.
CREATE TABLE bridge_instance (
    instance_id   VARCHAR(100) PRIMARY KEY,
    host_name     VARCHAR(255) NOT NULL,
    version       VARCHAR(50)  NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
