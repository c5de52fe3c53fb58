-- Quartz keeps job data as string properties from now on (org.quartz.jobStore.useProperties=true),
-- not as serialized Java objects that it would deserialize from the database. Jobs stored the old
-- way are removed; the bridge schedules its poll job again at the next start (the cron is in the
-- settings), so nothing but a pending fire time is lost.
DELETE FROM qrtz_simple_triggers;
DELETE FROM qrtz_cron_triggers;
DELETE FROM qrtz_simprop_triggers;
DELETE FROM qrtz_blob_triggers;
DELETE FROM qrtz_fired_triggers;
DELETE FROM qrtz_paused_trigger_grps;
DELETE FROM qrtz_triggers;
DELETE FROM qrtz_job_details;
