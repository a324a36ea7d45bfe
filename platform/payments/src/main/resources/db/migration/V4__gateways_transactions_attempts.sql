-- Issue 10: tenants choose their gateways; a payment is a series of transactions, each made of attempts.

-- A tenant's setting for one installed gateway. Credentials and the webhook secret are AES-GCM
-- ciphertext (CredentialCipher): the key never lives in the database. POSITION is the tenant's order
-- among its gateways, used where no route names an order.
CREATE TABLE GATEWAY_SETTINGS (
    ID               VARCHAR(150) PRIMARY KEY,
    TENANT_ID        VARCHAR(36)  NOT NULL,
    GATEWAY_ID       VARCHAR(100) NOT NULL,
    ENABLED          BOOLEAN      NOT NULL,
    SANDBOX          BOOLEAN      NOT NULL,
    CREDENTIALS      VARCHAR(8000),
    CREDENTIAL_NAMES VARCHAR(1000),
    WEBHOOK_SECRET   VARCHAR(2000),
    POSITION         INTEGER      NOT NULL,
    UPDATED_AT       TIMESTAMP    NOT NULL,
    CONSTRAINT UQ_GATEWAY_SETTINGS UNIQUE (TENANT_ID, GATEWAY_ID)
);

-- Tenants of earlier releases paid through every installed gateway, all in sandbox mode: they keep
-- the gateways they have paid through.
INSERT INTO GATEWAY_SETTINGS (ID, TENANT_ID, GATEWAY_ID, ENABLED, SANDBOX, POSITION, UPDATED_AT)
SELECT 'upgraded:' || TENANT_ID || ':' || GATEWAY, TENANT_ID, GATEWAY, TRUE, TRUE,
       ROW_NUMBER() OVER (PARTITION BY TENANT_ID ORDER BY GATEWAY), CURRENT_TIMESTAMP
FROM (SELECT DISTINCT TENANT_ID, GATEWAY FROM PAYMENTS) USED;

-- A tenant's ordered gateways for a market: a currency, and a buyer country or '*' for any.
CREATE TABLE PAYMENT_ROUTES (
    ID         VARCHAR(36)  PRIMARY KEY,
    TENANT_ID  VARCHAR(36)  NOT NULL,
    CURRENCY   VARCHAR(3)   NOT NULL,
    COUNTRY    VARCHAR(2)   NOT NULL,
    GATEWAYS   VARCHAR(1000) NOT NULL,
    UPDATED_AT TIMESTAMP    NOT NULL,
    CONSTRAINT UQ_PAYMENT_ROUTES UNIQUE (TENANT_ID, CURRENCY, COUNTRY)
);

-- What a payment was asked for and where it stands. GATEWAY becomes nullable: it is the gateway that
-- holds the payment, known only once one has answered. Amounts are minor units.
ALTER TABLE PAYMENTS ALTER COLUMN GATEWAY DROP NOT NULL;
ALTER TABLE PAYMENTS ADD COLUMN COUNTRY VARCHAR(2);
ALTER TABLE PAYMENTS ADD COLUMN PAYMENT_METHOD VARCHAR(255);
ALTER TABLE PAYMENTS ADD COLUMN CAPTURE_REQUESTED BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE PAYMENTS ADD COLUMN AUTHORIZED_AMOUNT BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE PAYMENTS ADD COLUMN CAPTURED_AMOUNT BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE PAYMENTS ADD COLUMN REFUNDED_AMOUNT BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE PAYMENTS ADD COLUMN FAILURE_CODE VARCHAR(100);
-- Payments of earlier releases were captured in full in one call.
UPDATE PAYMENTS SET AUTHORIZED_AMOUNT = AMOUNT, CAPTURED_AMOUNT = AMOUNT WHERE STATUS = 'CAPTURED';

-- One operation on a payment: AUTHORIZE, CAPTURE, VOID or REFUND. IDEMPOTENCY_KEY is the client's key
-- for a capture, void or refund (the payment's own key covers its authorization). The unique index also
-- serves a payment's transactions (it leads with the payment). No index on STATUS: every operation would
-- move its entry twice, and only the start-up recovery reads by status.
CREATE TABLE PAYMENT_TRANSACTIONS (
    ID                  VARCHAR(36)  PRIMARY KEY,
    TENANT_ID           VARCHAR(36)  NOT NULL,
    PAYMENT_ID          VARCHAR(36)  NOT NULL,
    KIND                VARCHAR(20)  NOT NULL,
    STATUS              VARCHAR(20)  NOT NULL,
    AMOUNT              BIGINT       NOT NULL,
    IDEMPOTENCY_KEY     VARCHAR(255),
    REQUEST_FINGERPRINT VARCHAR(64),
    GATEWAY             VARCHAR(100),
    PROVIDER_REFERENCE  VARCHAR(255),
    CREATED_AT          TIMESTAMP    NOT NULL,
    UPDATED_AT          TIMESTAMP    NOT NULL,
    CONSTRAINT UQ_PAYMENT_TRANSACTIONS_KEY UNIQUE (TENANT_ID, PAYMENT_ID, KIND, IDEMPOTENCY_KEY)
);

-- One call to one gateway. PROVIDER_IDEMPOTENCY_KEY is derived from the transaction and the attempt's
-- number, and sent again when the platform asks what became of it.
CREATE TABLE PAYMENT_ATTEMPTS (
    ID                       VARCHAR(36)  PRIMARY KEY,
    TENANT_ID                VARCHAR(36)  NOT NULL,
    TRANSACTION_ID           VARCHAR(36)  NOT NULL,
    GATEWAY                  VARCHAR(100) NOT NULL,
    PROVIDER_IDEMPOTENCY_KEY VARCHAR(255) NOT NULL,
    STATUS                   VARCHAR(20)  NOT NULL,
    PROVIDER_REFERENCE       VARCHAR(255),
    ERROR_CODE               VARCHAR(100),
    MESSAGE                  VARCHAR(500),
    CREATED_AT               TIMESTAMP    NOT NULL,
    UPDATED_AT               TIMESTAMP    NOT NULL
);
CREATE INDEX IX_PAYMENT_ATTEMPTS_TRANSACTION ON PAYMENT_ATTEMPTS (TENANT_ID, TRANSACTION_ID, CREATED_AT);

-- Provider events already applied, by gateway and the provider's event id.
CREATE TABLE PAYMENT_WEBHOOK_EVENTS (
    ID          VARCHAR(36)  PRIMARY KEY,
    TENANT_ID   VARCHAR(36)  NOT NULL,
    GATEWAY     VARCHAR(100) NOT NULL,
    EVENT_ID    VARCHAR(255) NOT NULL,
    RECEIVED_AT TIMESTAMP    NOT NULL,
    CONSTRAINT UQ_PAYMENT_WEBHOOK_EVENTS UNIQUE (TENANT_ID, GATEWAY, EVENT_ID)
);
