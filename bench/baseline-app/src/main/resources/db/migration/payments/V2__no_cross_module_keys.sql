-- 0.1 tied payments to TENANTS by a foreign key; modules own their tables, so it goes.
ALTER TABLE PAYMENTS DROP CONSTRAINT IF EXISTS FK_PAYMENTS_TENANT;
