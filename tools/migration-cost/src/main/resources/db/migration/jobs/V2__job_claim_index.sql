-- Claiming seeks this index once per handled type: the first queued job of that type after the
-- round-robin tenant cursor is the next tenant's oldest such job, so no claim sorts the queue or
-- reads a row it does not take. STATUS leads, so it also serves the worker's STATUS-only updates,
-- and the (STATUS, CREATED_AT) index only cost writes.
CREATE INDEX IX_JOBS_CLAIM ON JOBS (STATUS, TYPE, TENANT_ID, CREATED_AT);
DROP INDEX IX_JOBS_STATUS_CREATED;
