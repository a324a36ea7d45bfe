-- Recurring schedules: a cron expression read in a time zone. Whichever node first moves NEXT_FIRE_AT
-- past a tick (a compare-and-set on its old value) submits that tick's job, so each tick runs once.
CREATE TABLE IF NOT EXISTS JOB_SCHEDULES (
    ID           VARCHAR(36)  PRIMARY KEY,
    TENANT_ID    VARCHAR(36)  NOT NULL,
    NAME         VARCHAR(200) NOT NULL,
    CRON         VARCHAR(200) NOT NULL,
    ZONE         VARCHAR(100) NOT NULL,
    TYPE         VARCHAR(100) NOT NULL,
    PAYLOAD      TEXT         NOT NULL,
    NEXT_FIRE_AT TIMESTAMP    NOT NULL,
    CREATED_AT   TIMESTAMP    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_JOB_SCHEDULES_NAME ON JOB_SCHEDULES (TENANT_ID, NAME);
CREATE INDEX IF NOT EXISTS IX_JOB_SCHEDULES_DUE ON JOB_SCHEDULES (NEXT_FIRE_AT);
