-- Payment history (StoredPaymentHistory) reads a tenant's payments in created order, a page at a time.
CREATE INDEX IF NOT EXISTS IX_PAYMENTS_TENANT_CREATED ON PAYMENTS (TENANT_ID, CREATED_AT, ID);
