-- The durable command queue. TENANT_ID is the EclipseLink tenant discriminator. No foreign key to
-- TENANTS: that table belongs to another bundle. IF NOT EXISTS: a database of 0.1 already has the
-- table and, at its second migration, these indexes; V2 brings it to the same shape.
CREATE TABLE IF NOT EXISTS JOBS (
    ID          VARCHAR(36)  PRIMARY KEY,
    TENANT_ID   VARCHAR(36)  NOT NULL,
    TYPE        VARCHAR(100) NOT NULL,
    PAYLOAD     TEXT         NOT NULL,
    STATUS      VARCHAR(20)  NOT NULL,
    ATTEMPTS    INTEGER      NOT NULL,
    RESULT      TEXT,
    LAST_ERROR  VARCHAR(2000),
    CREATED_AT  TIMESTAMP    NOT NULL,
    UPDATED_AT  TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_JOBS_TENANT_CREATED ON JOBS (TENANT_ID, CREATED_AT);
-- Claiming seeks this index once per handled type: the first queued job of that type after the
-- round-robin tenant cursor is the next tenant's oldest such job, so no claim sorts the queue or
-- reads a row it does not take. STATUS leads, so it also serves the worker's STATUS-only updates.
CREATE INDEX IF NOT EXISTS IX_JOBS_CLAIM ON JOBS (STATUS, TYPE, TENANT_ID, CREATED_AT);
