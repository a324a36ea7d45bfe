-- Campaigns: a template and a recipient list, sent as one batch of SendCampaignEmail jobs at a set rate.
-- A start is requested (START_REQUESTED_AT), then a StartCampaign job renders the emails (STARTED_AT, BATCH_ID).
-- Tenant-owned (TENANT_ID), erased with the tenant. Recipients are kept in the order they were added.
CREATE TABLE IF NOT EXISTS EMAIL_CAMPAIGNS (
    ID              VARCHAR(36)    PRIMARY KEY,
    TENANT_ID       VARCHAR(36)    NOT NULL,
    NAME            VARCHAR(200)   NOT NULL,
    SUBJECT         VARCHAR(200)   NOT NULL,
    BODY            VARCHAR(10000) NOT NULL,
    RATE_PER_SECOND INTEGER        NOT NULL,
    RECIPIENTS      INTEGER        NOT NULL,
    BATCH_ID        VARCHAR(36),
    CREATED_AT      TIMESTAMP      NOT NULL,
    START_REQUESTED_AT TIMESTAMP,
    STARTED_AT      TIMESTAMP
);
CREATE INDEX IF NOT EXISTS IX_EMAIL_CAMPAIGNS_TENANT ON EMAIL_CAMPAIGNS (TENANT_ID, CREATED_AT);

CREATE TABLE IF NOT EXISTS EMAIL_CAMPAIGN_RECIPIENTS (
    CAMPAIGN_ID VARCHAR(36)   NOT NULL,
    POSITION    INTEGER       NOT NULL,
    TENANT_ID   VARCHAR(36)   NOT NULL,
    EMAIL       VARCHAR(254)  NOT NULL,
    FIELDS      VARCHAR(4000) NOT NULL,
    PRIMARY KEY (CAMPAIGN_ID, POSITION)
);
