-- Payments. TENANT_ID is the EclipseLink tenant discriminator, and the idempotency index starts
-- with it. No foreign key to TENANTS: that table belongs to another bundle, which may start later.
-- IF NOT EXISTS: a database of 0.1 already has this table; V2 brings it to the same shape.
CREATE TABLE IF NOT EXISTS PAYMENTS (
    ID                  VARCHAR(36)  PRIMARY KEY,
    TENANT_ID           VARCHAR(36)  NOT NULL,
    IDEMPOTENCY_KEY     VARCHAR(255) NOT NULL,
    REQUEST_FINGERPRINT VARCHAR(64)  NOT NULL,
    AMOUNT              BIGINT       NOT NULL,
    CURRENCY            VARCHAR(3)   NOT NULL,
    REFERENCE           VARCHAR(255),
    GATEWAY             VARCHAR(100) NOT NULL,
    STATUS              VARCHAR(20)  NOT NULL,
    PROVIDER_REFERENCE  VARCHAR(255),
    FAILURE_REASON      VARCHAR(500),
    CREATED_AT          TIMESTAMP    NOT NULL,
    UPDATED_AT          TIMESTAMP    NOT NULL,
    CONSTRAINT UQ_PAYMENTS_IDEMPOTENCY UNIQUE (TENANT_ID, IDEMPOTENCY_KEY)
);
