-- Receipt templates and the record of sent receipts, both tenant-owned (EclipseLink @Multitenant on
-- TENANT_ID): the platform erases a deleted tenant's rows. Plain SQL that H2 and PostgreSQL both run.

-- At most one receipt template per tenant; a tenant without one gets the built-in template.
CREATE TABLE IF NOT EXISTS EMAIL_RECEIPT_TEMPLATES (
    ID                 VARCHAR(36)    PRIMARY KEY,
    TENANT_ID          VARCHAR(36)    NOT NULL,
    SUBJECT            VARCHAR(200)   NOT NULL,
    BODY               VARCHAR(10000) NOT NULL,
    DEFAULT_RECIPIENT  VARCHAR(254),
    UPDATED_AT         TIMESTAMP      NOT NULL,
    CONSTRAINT UQ_EMAIL_RECEIPT_TEMPLATES_TENANT UNIQUE (TENANT_ID)
);

-- One row per SendReceipt job that reached the SMTP server: a retried job finds it and sends nothing.
CREATE TABLE IF NOT EXISTS EMAIL_SENT_RECEIPTS (
    JOB_ID     VARCHAR(36)  PRIMARY KEY,
    TENANT_ID  VARCHAR(36)  NOT NULL,
    RECIPIENT  VARCHAR(254) NOT NULL,
    SENT_AT    TIMESTAMP    NOT NULL
);
