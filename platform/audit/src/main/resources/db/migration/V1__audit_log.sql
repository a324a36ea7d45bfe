-- One row per attempt on a protected route. Platform data: TENANT_ID is null for the platform admin
-- and for attempts of no known tenant, which only the platform admin reads. No foreign key to
-- TENANTS: that table belongs to another bundle, and the trail outlives a deleted tenant.
CREATE TABLE IF NOT EXISTS AUDIT_LOG (
    ID              VARCHAR(36)  PRIMARY KEY,
    AT              TIMESTAMP    NOT NULL,
    TENANT_ID       VARCHAR(36),
    KEY_PREFIX      VARCHAR(64),
    USER_ID         VARCHAR(64),
    METHOD          VARCHAR(16)  NOT NULL,
    ROUTE           VARCHAR(300) NOT NULL,
    STATUS          INTEGER      NOT NULL,
    CLIENT          VARCHAR(64),
    LATENCY_MICROS  BIGINT       NOT NULL
);
-- GET /api/v1/audit pages newest first by (AT, ID): a tenant admin's reads seek the first index,
-- the platform admin's unfiltered reads the second.
CREATE INDEX IF NOT EXISTS IX_AUDIT_LOG_TENANT_AT ON AUDIT_LOG (TENANT_ID, AT, ID);
CREATE INDEX IF NOT EXISTS IX_AUDIT_LOG_AT ON AUDIT_LOG (AT, ID);
