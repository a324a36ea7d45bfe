-- IX_JOBS_DUE (STATUS, RUN_AT) moved two entries at every claim and every outcome, for the sake of
-- promotion, which wants only SCHEDULED jobs. SCHEDULED_AT is RUN_AT while a job is SCHEDULED and NULL
-- otherwise, so its index changes only when a job enters or leaves that state. Recovery reads the few
-- RUNNING jobs through IX_JOBS_CLAIM, whose first column is STATUS.
ALTER TABLE JOBS ADD COLUMN IF NOT EXISTS SCHEDULED_AT TIMESTAMP;
UPDATE JOBS SET SCHEDULED_AT = RUN_AT WHERE STATUS = 'SCHEDULED';
CREATE INDEX IF NOT EXISTS IX_JOBS_SCHEDULED ON JOBS (SCHEDULED_AT);
DROP INDEX IF EXISTS IX_JOBS_DUE;
