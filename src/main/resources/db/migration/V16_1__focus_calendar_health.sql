-- The last Toggl Focus calendar health check (issue 16): what each integration's state was, which
-- selected calendars are expected, and the integrations as read. Kept in the store, so a restart or
-- another replica (the status page, the next poll cycle) carries an open incident on instead of
-- starting from nothing.
CREATE TABLE focus_calendar_health (
    id          VARCHAR(40) PRIMARY KEY,
    snapshot    TEXT NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
