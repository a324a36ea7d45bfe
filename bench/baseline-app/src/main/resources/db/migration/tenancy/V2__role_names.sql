-- Roles are stored under the names of io.baseplate.api.security.Role; 0.1 wrote ADMIN.
UPDATE API_KEYS SET ROLE = 'PLATFORM_ADMIN' WHERE ROLE = 'ADMIN';
