-- Role TENANT became TENANT_ADMIN when users and roles per tenant arrived: a key issued before acts as the tenant's admin.
UPDATE API_KEYS SET ROLE = 'TENANT_ADMIN' WHERE ROLE = 'TENANT';
