-- Workflow instances, their participants and their history. TENANT_ID is the EclipseLink tenant
-- discriminator and leads every index. No foreign keys to other bundles' tables.

-- VERSION counts the instance's steps (its history entries): a transition writes only if the
-- instance still has the version it read, so of two racing transitions one wins.
CREATE TABLE WORKFLOW_INSTANCES (
    ID         VARCHAR(36)    PRIMARY KEY,
    TENANT_ID  VARCHAR(36)    NOT NULL,
    TYPE       VARCHAR(50)    NOT NULL,
    STATE      VARCHAR(50)    NOT NULL,
    DATA       VARCHAR(16000) NOT NULL,
    VERSION    INTEGER        NOT NULL,
    CREATED_AT TIMESTAMP      NOT NULL,
    UPDATED_AT TIMESTAMP      NOT NULL
);
CREATE INDEX IX_WORKFLOW_INSTANCES_CREATED ON WORKFLOW_INSTANCES (TENANT_ID, CREATED_AT);

-- Who takes which part of an instance: one user per slot ("patient", "courier"). The user index
-- serves "the instances I take part in".
CREATE TABLE WORKFLOW_PARTICIPANTS (
    ID          VARCHAR(100) PRIMARY KEY,
    TENANT_ID   VARCHAR(36)  NOT NULL,
    INSTANCE_ID VARCHAR(36)  NOT NULL,
    PART        VARCHAR(50)  NOT NULL,
    USER_ID     VARCHAR(100) NOT NULL,
    CONSTRAINT UQ_WORKFLOW_PARTICIPANTS UNIQUE (TENANT_ID, INSTANCE_ID, PART)
);
CREATE INDEX IX_WORKFLOW_PARTICIPANTS_USER ON WORKFLOW_PARTICIPANTS (TENANT_ID, USER_ID);

-- One entry per start and transition, numbered from 1 per instance; the unique key is the last word
-- on racing transitions.
CREATE TABLE WORKFLOW_STEPS (
    ID          VARCHAR(36)   PRIMARY KEY,
    TENANT_ID   VARCHAR(36)   NOT NULL,
    INSTANCE_ID VARCHAR(36)   NOT NULL,
    STEP        INTEGER       NOT NULL,
    TRANSITION  VARCHAR(50)   NOT NULL,
    FROM_STATE  VARCHAR(50),
    TO_STATE    VARCHAR(50)   NOT NULL,
    ACTOR       VARCHAR(120)  NOT NULL,
    DATA        VARCHAR(4000) NOT NULL,
    OCCURRED_AT TIMESTAMP     NOT NULL,
    CONSTRAINT UQ_WORKFLOW_STEPS UNIQUE (TENANT_ID, INSTANCE_ID, STEP)
);
