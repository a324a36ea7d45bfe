-- 0.1 tied jobs to TENANTS by a foreign key, and a database stopped at 0.1's first migration still
-- has the (STATUS, CREATED_AT) index that IX_JOBS_CLAIM replaced.
ALTER TABLE JOBS DROP CONSTRAINT IF EXISTS FK_JOBS_TENANT;
DROP INDEX IF EXISTS IX_JOBS_STATUS_CREATED;
