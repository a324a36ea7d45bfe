package io.baseplate.tenancy.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

/**
 * Tenants and their API keys, and the platform admin key. On activation the admin key is made to
 * match {@code BASEPLATE_ADMIN_KEY}; when that is unset and no admin key exists yet, one is
 * generated and printed once. Only hashes are stored.
 */
@Component(service = {TenantDirectory.class, ApiKeyAuthenticator.class},
        property = TenantDirectory.PLATFORM_AUTHENTICATOR)
public class TenantDirectory implements ApiKeyAuthenticator {

    /** Marks the platform's own authenticator, so the platform's filters can target it and no plugin can stand in for it. */
    static final String PLATFORM_AUTHENTICATOR = "baseplate.authenticator=platform";
    static final String ADMIN_KEY_ENV = "BASEPLATE_ADMIN_KEY";
    /** Framework property that takes precedence over the environment; embedded runs and tests set it. */
    static final String ADMIN_KEY_PROPERTY = "baseplate.admin.key";
    private static final String TENANT_KEY_PREFIX = "bp_";
    private static final String ADMIN_KEY_PREFIX = "bpa_";
    private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

    /** What a tenant looks like to callers. */
    public record Tenant(String id, String name, Instant createdAt) {
    }

    /** A freshly issued key: the only time the key itself is available. */
    public record IssuedKey(String id, String key) {
    }

    private final Persistence persistence;

    @Activate
    public TenantDirectory(@Reference Persistence persistence, BundleContext context) {
        this.persistence = persistence;
        String configured = context.getProperty(ADMIN_KEY_PROPERTY);
        ensureAdminKey(configured != null ? configured : System.getenv(ADMIN_KEY_ENV));
    }

    @Override
    public Outcome authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return new Refused(401, "Missing API key: send it as 'Authorization: Bearer <key>' or in the " + HEADER + " header",
                    null, null);
        }
        String hash = ApiKeys.hash(apiKey.strip());
        Optional<Caller> caller = persistence.inPlatform(em -> em.createNamedQuery(ApiKeyEntity.BY_HASH, ApiKeyEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst()
                .map(key -> key.getRole() == Role.PLATFORM_ADMIN
                        ? Caller.admin(key.getId(), key.getId().substring(0, 8))
                        : new Caller(key.getTenantId(), null, key.getId(), key.getId().substring(0, 8), EnumSet.of(key.getRole()))));
        return caller.<Outcome>map(Accepted::new).orElseGet(() -> new Refused(401, "Unknown API key", null, null));
    }

    public Tenant createTenant(String name) {
        Instant now = Persistence.now();
        try {
            return persistence.inPlatform(em -> {
                if (nameTaken(em, name)) {
                    throw nameTaken(name);
                }
                TenantEntity tenant = new TenantEntity(UUID.randomUUID().toString(), name, now);
                em.persist(tenant);
                return toTenant(tenant);
            });
        } catch (PersistenceException failure) {
            // Only a tenant created with the same name since the check above is a conflict; any other failure stays one.
            if (persistence.inPlatform(em -> nameTaken(em, name))) {
                throw nameTaken(name);
            }
            throw failure;
        }
    }

    private static boolean nameTaken(EntityManager em, String name) {
        return !em.createQuery("SELECT t.id FROM TenantEntity t WHERE t.name = :name")
                .setParameter("name", name).getResultList().isEmpty();
    }

    private static DomainException nameTaken(String name) {
        return DomainException.conflict("A tenant named '" + name + "' already exists");
    }

    public Optional<Tenant> find(String tenantId) {
        return persistence.inPlatform(em -> Optional.ofNullable(em.find(TenantEntity.class, tenantId)).map(TenantDirectory::toTenant));
    }

    /** Issues a new key for an existing tenant; empty when the tenant does not exist. */
    public Optional<IssuedKey> issueKey(String tenantId) {
        return persistence.inPlatform(em -> {
            if (em.find(TenantEntity.class, tenantId) == null) {
                return Optional.empty();
            }
            String key = ApiKeys.generate(TENANT_KEY_PREFIX);
            ApiKeyEntity entity = new ApiKeyEntity(UUID.randomUUID().toString(), tenantId, Role.TENANT_ADMIN,
                    ApiKeys.hash(key), Persistence.now());
            em.persist(entity);
            return Optional.of(new IssuedKey(entity.getId(), key));
        });
    }

    private void ensureAdminKey(String configuredKey) {
        boolean configured = configuredKey != null && !configuredKey.isBlank();
        String generated = persistence.inPlatform(em -> {
            var adminKeys = em.createNamedQuery(ApiKeyEntity.BY_ROLE, ApiKeyEntity.class)
                    .setParameter("role", Role.PLATFORM_ADMIN).getResultList();
            if (!configured) {
                if (!adminKeys.isEmpty()) {
                    return null;
                }
                String key = ApiKeys.generate(ADMIN_KEY_PREFIX);
                storeAdminKey(em, key);
                return key;
            }
            String wanted = ApiKeys.hash(configuredKey.strip());
            // The environment is the source of truth: a changed BASEPLATE_ADMIN_KEY revokes the old one.
            adminKeys.stream().filter(k -> !k.getKeyHash().equals(wanted)).forEach(em::remove);
            if (adminKeys.stream().noneMatch(k -> k.getKeyHash().equals(wanted))) {
                storeAdminKey(em, configuredKey.strip());
            }
            return null;
        });
        if (generated != null) {
            LOG.warn("Generated the platform admin key (shown only this once; set {} to choose your own): {}",
                    ADMIN_KEY_ENV, generated);
        }
    }

    private static void storeAdminKey(EntityManager em, String key) {
        em.persist(new ApiKeyEntity(UUID.randomUUID().toString(), null, Role.PLATFORM_ADMIN, ApiKeys.hash(key), Persistence.now()));
    }

    private static Tenant toTenant(TenantEntity entity) {
        return new Tenant(entity.getId(), entity.getName(), entity.getCreatedAt());
    }
}
