package io.baseplate.tenancy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.cache.CacheRegion;
import io.baseplate.api.cache.CacheService;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.event.TenantEvents;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.persistence.TenantData;
import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.core.support.StorableValues;

/**
 * Tenants, their users and API keys, and the platform admin key; the platform's authenticator.
 *
 * <p><b>Keys.</b> Only hashes are stored. Lookups by hash are cached in the host's {@link CacheService}
 * (region {@value #KEY_CACHE}), loaded lazily; an entry remembers its tenant, so suspending or deleting a
 * tenant drops its entries, and revoking or rotating a key drops that key's entry at once on this node.
 * Other nodes see the change when their entry expires, after {@code cacheTtlMillis} (1 s by default).
 * A key's last use is written at most once per {@code lastUsedIntervalSeconds} per key, by a background
 * flusher, never on the request path.
 *
 * <p><b>The admin key.</b> A configured one ({@value #ADMIN_KEY_PROPERTY}, else {@code BASEPLATE_ADMIN_KEY})
 * must be at least {@value #ADMIN_KEY_MIN_LENGTH} characters, and is compared in constant time with the
 * presented key (SHA-256 digests, {@link MessageDigest#isEqual}); it replaces any other admin key. Without
 * one, on the first start a key is generated and written to {@code <baseplate.data.dir>/initial-admin-key}
 * (mode 0600); only the file's path is logged.
 */
@Component(service = {TenantDirectory.class, ApiKeyAuthenticator.class},
        property = TenantDirectory.PLATFORM_AUTHENTICATOR, configurationPid = TenantDirectory.PID)
@Designate(ocd = TenantDirectory.Config.class)
public class TenantDirectory implements ApiKeyAuthenticator {

    /** Marks the platform's own authenticator, so the platform's filters can target it and no plugin can stand in for it. */
    static final String PLATFORM_AUTHENTICATOR = "baseplate.authenticator=platform";
    static final String PID = "io.baseplate.keys";
    static final String ADMIN_KEY_ENV = "BASEPLATE_ADMIN_KEY";
    /** Framework property that takes precedence over the environment; embedded runs and tests set it. */
    static final String ADMIN_KEY_PROPERTY = "baseplate.admin.key";
    static final String DATA_DIR_PROPERTY = "baseplate.data.dir";
    static final int ADMIN_KEY_MIN_LENGTH = 32;
    static final String KEY_CACHE = "io.baseplate.tenancy.keys";
    static final int MAX_PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

    @ObjectClassDefinition(name = "Baseplate API keys", description = "Key rotation, the key cache and last-use recording")
    public @interface Config {

        @AttributeDefinition(name = "Rotation grace (seconds)",
                description = "How long a rotated key keeps working after its replacement was issued")
        long rotationGraceSeconds() default 3600;

        @AttributeDefinition(name = "Key cache time-to-live (milliseconds)",
                description = "How long a key lookup is cached; bounds how late another node sees a revocation or suspension")
        long cacheTtlMillis() default 1000;

        @AttributeDefinition(name = "Key cache size", description = "The most key lookups kept in memory")
        long cacheMaxEntries() default 100_000;

        @AttributeDefinition(name = "Last-use interval (seconds)",
                description = "A key's last use is written at most this often")
        long lastUsedIntervalSeconds() default 60;
    }

    /** What a tenant looks like to callers. */
    public record Tenant(String id, String name, TenantStatus status, Instant createdAt) {
    }

    /**
     * A freshly issued key: the only time the key itself is available.
     *
     * @param id  the key's id
     * @param key the key itself, shown this once
     */
    public record IssuedKey(String id, String key, String prefix, String name, Set<Role> roles, String userId,
                            Instant createdAt, Instant expiresAt, String rotatedFrom) {
    }

    /** A key as lists show it: never the key itself. */
    public record KeyView(String id, String prefix, String name, Set<Role> roles, String userId, Instant createdAt,
                          Instant lastUsedAt, Instant expiresAt, Instant revokedAt, String rotatedFrom) {
    }

    /** A user of a tenant. */
    public record User(String id, String name, Set<Role> roles, Instant createdAt) {
    }

    /** The configured admin key: its row and the digest presented keys are compared with. */
    private record AdminKey(String id, String prefix, byte[] digest) {
    }

    private final Persistence persistence;
    private final CacheService caches;
    private final TenantData tenantData;
    private final EventAdmin events;
    private final AdminKey configuredAdmin;
    private final ScheduledExecutorService flusher;
    private volatile Duration rotationGrace;
    private volatile CacheRegion<String, KeyRecord> keys;
    private volatile LastUsedRecorder lastUsed;

    @Activate
    public TenantDirectory(@Reference Persistence persistence, @Reference CacheService caches,
                           @Reference TenantData tenantData, @Reference EventAdmin events,
                           BundleContext context, Config config) {
        this.persistence = persistence;
        this.caches = caches;
        this.tenantData = tenantData;
        this.events = events;
        configure(config);
        String configured = context.getProperty(ADMIN_KEY_PROPERTY);
        String source = configured != null ? "framework property " + ADMIN_KEY_PROPERTY : "environment variable " + ADMIN_KEY_ENV;
        if (configured == null) {
            configured = System.getenv(ADMIN_KEY_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            String key = configured.strip();
            if (key.length() < ADMIN_KEY_MIN_LENGTH) {
                String reason = "The platform admin key given by the " + source + " has " + key.length()
                        + " characters; it must have at least " + ADMIN_KEY_MIN_LENGTH
                        + ". API keys are refused until it is fixed.";
                LOG.error(reason);
                throw new IllegalStateException(reason);
            }
            configuredAdmin = adoptConfiguredAdminKey(key);
        } else {
            configuredAdmin = null;
            generateAdminKeyIfNone(adminKeyDirectory(context));
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "baseplate-key-last-used");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushLastUsed, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config config) {
        flushLastUsed();
        configure(config);
    }

    private void configure(Config config) {
        rotationGrace = Duration.ofSeconds(Math.max(0, config.rotationGraceSeconds()));
        caches.dropRegion(KEY_CACHE);
        keys = caches.region(KEY_CACHE, Duration.ofMillis(Math.max(1, config.cacheTtlMillis())),
                Math.max(1, config.cacheMaxEntries()));
        lastUsed = new LastUsedRecorder(Duration.ofSeconds(Math.max(0, config.lastUsedIntervalSeconds())));
    }

    @Deactivate
    void deactivate() {
        flusher.shutdown();
        flushLastUsed();
        caches.dropRegion(KEY_CACHE);
    }

    // ---------------------------------------------------------------- authentication

    @Override
    public Outcome authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return new Refused(401, "Missing API key: send it as 'Authorization: Bearer <key>' or in the " + HEADER + " header",
                    null, null);
        }
        String presented = apiKey.strip();
        AdminKey admin = configuredAdmin;
        if (admin != null && MessageDigest.isEqual(sha256(presented), admin.digest())) {
            return new Accepted(Caller.admin(admin.id(), admin.prefix()));
        }
        KeyRecord key = keys.get(ApiKeys.hash(presented), this::load);
        if (key == null) {
            return new Refused(401, "Unknown API key", ApiKeys.prefixOf(presented), null);
        }
        Instant now = Instant.now();
        Outcome outcome = key.judge(now);
        if (outcome instanceof Accepted) {
            lastUsed.used(key.keyId(), now);
        }
        return outcome;
    }

    private KeyRecord load(String hash) {
        return persistence.inPlatform(em -> em.createNamedQuery(ApiKeyEntity.BY_HASH, ApiKeyEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst()
                .map(key -> KeyRecord.of(key, key.getTenantId() == null ? null : em.find(TenantEntity.class, key.getTenantId())))
                .orElse(null));
    }

    private void flushLastUsed() {
        try {
            lastUsed.flush(batch -> persistence.inPlatform(em -> {
                batch.forEach((keyId, at) -> em.createNamedQuery(ApiKeyEntity.TOUCH)
                        .setParameter("id", keyId).setParameter("at", at.truncatedTo(ChronoUnit.MICROS))
                        .executeUpdate());
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warn("Could not record when keys were last used: {}", e.getMessage());
        }
    }

    private void forgetKeys(String tenantId, String keyId) {
        keys.invalidateAll(record -> keyId != null ? keyId.equals(record.keyId()) : Objects.equals(tenantId, record.tenantId()));
    }

    // ---------------------------------------------------------------- tenants

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

    /** Tenants in id order after {@code after} (exclusive; null for the first page), at most {@code limit}. */
    public List<Tenant> listTenants(String after, int limit) {
        return persistence.inPlatform(em -> em.createNamedQuery(TenantEntity.PAGE, TenantEntity.class)
                .setParameter("after", after == null ? "" : after)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultStream().map(TenantDirectory::toTenant).toList());
    }

    public Tenant suspend(String tenantId) {
        Tenant tenant = setStatus(tenantId, TenantStatus.SUSPENDED);
        forgetKeys(tenantId, null);
        post(TenantEvents.SUSPENDED, tenant);
        LOG.info("Suspended tenant {} ({})", tenant.id(), tenant.name());
        return tenant;
    }

    public Tenant reactivate(String tenantId) {
        Tenant tenant = setStatus(tenantId, TenantStatus.ACTIVE);
        forgetKeys(tenantId, null);
        post(TenantEvents.REACTIVATED, tenant);
        LOG.info("Reactivated tenant {} ({})", tenant.id(), tenant.name());
        return tenant;
    }

    private Tenant setStatus(String tenantId, TenantStatus status) {
        return persistence.inPlatform(em -> {
            TenantEntity tenant = em.find(TenantEntity.class, tenantId);
            if (tenant == null) {
                throw noTenant(tenantId);
            }
            tenant.setStatus(status);
            return toTenant(tenant);
        });
    }

    /**
     * Deletes a tenant and all its data. The tenant is suspended first, so its keys stop working before
     * anything goes; then the host erases its rows from every module's tenant-owned tables (users
     * included); then its keys and the tenant row go. A failure half-way leaves a suspended tenant that
     * can be deleted again.
     *
     * @param confirm must equal the tenant's name
     */
    public void delete(String tenantId, String confirm) {
        Tenant tenant = find(tenantId).orElseThrow(() -> noTenant(tenantId));
        if (!tenant.name().equals(confirm)) {
            throw DomainException.invalid("Deleting a tenant erases all its data: confirm with the query parameter "
                    + "confirm=<the tenant's name>");
        }
        setStatus(tenantId, TenantStatus.SUSPENDED);
        forgetKeys(tenantId, null);
        Map<String, Integer> erased = tenantData.erase(tenantId);
        persistence.inPlatform(em -> {
            em.createNamedQuery(ApiKeyEntity.DELETE_BY_TENANT).setParameter("tenant", tenantId).executeUpdate();
            TenantEntity entity = em.find(TenantEntity.class, tenantId);
            if (entity != null) {
                em.remove(entity);
            }
            return null;
        });
        forgetKeys(tenantId, null);
        post(TenantEvents.DELETED, tenant);
        LOG.info("Deleted tenant {} ({}); rows erased: {}", tenant.id(), tenant.name(), erased);
    }

    private void post(String topic, Tenant tenant) {
        events.postEvent(new Event(topic, Map.of(PlatformEvents.TENANT_ID, tenant.id(),
                TenantEvents.TENANT_NAME, tenant.name(), PlatformEvents.TIMESTAMP, System.currentTimeMillis())));
    }

    private static DomainException noTenant(String tenantId) {
        return DomainException.notFound("No tenant with id '" + tenantId + "'");
    }

    // ---------------------------------------------------------------- keys

    /**
     * Issues a service-account key for an existing tenant, as the platform admin does for a new tenant;
     * empty when the tenant does not exist.
     *
     * @param roles the key's roles; TENANT_ADMIN when null or empty
     */
    public Optional<IssuedKey> issueKey(String tenantId, Set<Role> roles) {
        if (find(tenantId).isEmpty()) {
            return Optional.empty();
        }
        Set<Role> granted = roles == null || roles.isEmpty() ? EnumSet.of(Role.TENANT_ADMIN) : roles;
        checkGrantable(granted);
        return Optional.of(createKey(tenantId, "service", granted, null, null));
    }

    /**
     * Issues a key of a tenant. A user's key may hold only roles the user has; no tenant key holds PLATFORM_ADMIN.
     *
     * @param userId the user the key acts for, or null for the tenant's service account
     */
    public IssuedKey createKey(String tenantId, String name, Set<Role> roles, String userId, Instant expiresAt) {
        checkGrantable(roles);
        if (userId != null) {
            Set<Role> userRoles = findUser(tenantId, userId).orElseThrow(() -> DomainException.notFound(
                    "No user with id '" + userId + "'")).roles();
            if (!userRoles.containsAll(roles)) {
                throw DomainException.invalid("A user's key can hold only roles the user has: " + Roles.format(userRoles));
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw DomainException.invalid("Field 'expiresAt' must be in the future");
        }
        if (expiresAt != null && !StorableValues.isStorable(expiresAt)) {
            throw DomainException.invalid("Field 'expiresAt' must be before the year 10000");
        }
        return store(tenantId, userId, name, roles, expiresAt, null);
    }

    private IssuedKey store(String tenantId, String userId, String name, Set<Role> roles, Instant expiresAt, String rotatedFrom) {
        for (int attempt = 1; ; attempt++) {
            ApiKeys.Generated key = ApiKeys.generate(ApiKeys.TENANT_KEY);
            try {
                return persistence.inPlatform(em -> {
                    ApiKeyEntity entity = new ApiKeyEntity(UUID.randomUUID().toString(), tenantId, userId, name, roles,
                            key.prefix(), ApiKeys.hash(key.key()), Persistence.now(),
                            expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS), rotatedFrom);
                    em.persist(entity);
                    return new IssuedKey(entity.getId(), key.key(), entity.getKeyPrefix(), name, entity.getRoles(), userId,
                            entity.getCreatedAt(), entity.getExpiresAt(), rotatedFrom);
                });
            } catch (PersistenceException prefixTaken) {
                // 36^8 prefixes: a clash is rare, and a new prefix resolves it.
                if (attempt == 3) {
                    throw prefixTaken;
                }
            }
        }
    }

    public List<KeyView> listKeys(String tenantId) {
        return persistence.inPlatform(em -> em.createNamedQuery(ApiKeyEntity.BY_TENANT, ApiKeyEntity.class)
                .setParameter("tenant", tenantId).setMaxResults(1000)
                .getResultStream().map(TenantDirectory::toView).toList());
    }

    public Optional<KeyView> findKey(String tenantId, String keyId) {
        return persistence.inPlatform(em -> ownKey(em, tenantId, keyId).map(TenantDirectory::toView));
    }

    /** Revokes a key of the tenant; it is refused from now on, on this node at once, elsewhere within the cache's time-to-live. */
    public KeyView revokeKey(String tenantId, String keyId) {
        KeyView revoked = persistence.inPlatform(em -> {
            ApiKeyEntity key = ownKey(em, tenantId, keyId).orElseThrow(() -> noKey(keyId));
            key.revoke(Persistence.now());
            return toView(key);
        });
        forgetKeys(null, keyId);
        lastUsed.forget(keyId);
        LOG.info("Revoked API key {} of tenant {}", revoked.prefix(), tenantId);
        return revoked;
    }

    /**
     * Replaces a key by a new one with the same name, roles, user and expiry; the old key keeps working
     * for the rotation grace period, then expires.
     */
    public IssuedKey rotateKey(String tenantId, String keyId) {
        Instant graceEnd = Persistence.now().plus(rotationGrace);
        record Rotated(ApiKeyEntity key, Instant expiresAt) {
        }
        Rotated old = persistence.inPlatform(em -> {
            ApiKeyEntity key = ownKey(em, tenantId, keyId).orElseThrow(() -> noKey(keyId));
            if (key.getRevokedAt() != null) {
                throw DomainException.conflict("API key '" + keyId + "' is revoked");
            }
            Instant expiresAt = key.getExpiresAt();
            if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
                throw DomainException.conflict("API key '" + keyId + "' has expired");
            }
            key.expireBy(graceEnd);
            return new Rotated(key, expiresAt);
        });
        forgetKeys(null, keyId);
        ApiKeyEntity key = old.key();
        IssuedKey replacement = store(tenantId, key.getUserId(), key.getName(), key.getRoles(), old.expiresAt(), keyId);
        LOG.info("Rotated API key {} of tenant {} to {}; the old key works until {}", key.getKeyPrefix(), tenantId,
                replacement.prefix(), key.getExpiresAt());
        return replacement;
    }

    private static Optional<ApiKeyEntity> ownKey(EntityManager em, String tenantId, String keyId) {
        return Optional.ofNullable(em.find(ApiKeyEntity.class, keyId)).filter(key -> tenantId.equals(key.getTenantId()));
    }

    private static DomainException noKey(String keyId) {
        return DomainException.notFound("No API key with id '" + keyId + "'");
    }

    private static void checkGrantable(Set<Role> roles) {
        if (roles == null || roles.isEmpty() || roles.contains(null)) {
            throw DomainException.invalid("Field 'roles' must name at least one role, and no null");
        }
        if (roles.contains(Role.PLATFORM_ADMIN)) {
            throw DomainException.invalid("PLATFORM_ADMIN cannot be granted to a tenant's user or key");
        }
    }

    // ---------------------------------------------------------------- users

    public User createUser(String tenantId, String name, Set<Role> roles) {
        checkGrantable(roles);
        try {
            return persistence.inTenant(tenantId, em -> {
                if (!em.createQuery("SELECT u.id FROM UserEntity u WHERE u.name = :name").setParameter("name", name)
                        .getResultList().isEmpty()) {
                    throw DomainException.conflict("A user named '" + name + "' already exists");
                }
                UserEntity user = new UserEntity(UUID.randomUUID().toString(), name, roles, Persistence.now());
                em.persist(user);
                return toUser(user);
            });
        } catch (PersistenceException raced) {
            throw DomainException.conflict("A user named '" + name + "' already exists");
        }
    }

    public List<User> listUsers(String tenantId) {
        return persistence.inTenant(tenantId, em -> em.createQuery("SELECT u FROM UserEntity u ORDER BY u.createdAt, u.id",
                UserEntity.class).setMaxResults(1000).getResultStream().map(TenantDirectory::toUser).toList());
    }

    public Optional<User> findUser(String tenantId, String userId) {
        return persistence.inTenant(tenantId, em -> Optional.ofNullable(em.find(UserEntity.class, userId)).map(TenantDirectory::toUser));
    }

    /** Deletes a user of the tenant and revokes its keys. */
    public void deleteUser(String tenantId, String userId) {
        persistence.inTenant(tenantId, em -> {
            UserEntity user = em.find(UserEntity.class, userId);
            if (user == null) {
                throw DomainException.notFound("No user with id '" + userId + "'");
            }
            em.remove(user);
            return null;
        });
        List<String> revoked = persistence.inPlatform(em -> {
            List<ApiKeyEntity> userKeys = em.createNamedQuery(ApiKeyEntity.BY_USER, ApiKeyEntity.class)
                    .setParameter("tenant", tenantId).setParameter("user", userId).getResultList();
            Instant now = Persistence.now();
            userKeys.forEach(key -> key.revoke(now));
            return userKeys.stream().map(ApiKeyEntity::getId).toList();
        });
        revoked.forEach(keyId -> forgetKeys(null, keyId));
    }

    // ---------------------------------------------------------------- the admin key

    private AdminKey adoptConfiguredAdminKey(String key) {
        String wanted = ApiKeys.hash(key);
        ApiKeyEntity row = persistence.inPlatform(em -> {
            List<ApiKeyEntity> adminKeys = em.createNamedQuery(ApiKeyEntity.BY_ROLE, ApiKeyEntity.class)
                    .setParameter("role", Role.PLATFORM_ADMIN).getResultList();
            // The configuration is the source of truth: a changed admin key revokes the old one.
            adminKeys.stream().filter(k -> !k.getKeyHash().equals(wanted)).forEach(em::remove);
            return adminKeys.stream().filter(k -> k.getKeyHash().equals(wanted)).findFirst()
                    .orElseGet(() -> {
                        String id = UUID.randomUUID().toString();
                        ApiKeyEntity entity = adminRow(id, id.substring(0, ApiKeys.PREFIX_LENGTH), wanted);
                        em.persist(entity);
                        return entity;
                    });
        });
        return new AdminKey(row.getId(), row.getKeyPrefix(), sha256(key));
    }

    private void generateAdminKeyIfNone(Path directory) {
        ApiKeys.Generated key = ApiKeys.generate(ApiKeys.ADMIN_KEY);
        boolean generated = persistence.inPlatform(em -> {
            if (!em.createNamedQuery(ApiKeyEntity.BY_ROLE, ApiKeyEntity.class)
                    .setParameter("role", Role.PLATFORM_ADMIN).getResultList().isEmpty()) {
                return false;
            }
            em.persist(adminRow(UUID.randomUUID().toString(), key.prefix(), ApiKeys.hash(key.key())));
            return true;
        });
        if (!generated) {
            return;
        }
        try {
            Path file = AdminKeyFile.write(directory, key.key());
            LOG.warn("Generated the platform admin key (prefix {}) and wrote it to {}, readable by its owner only; "
                    + "set {} to choose your own", key.prefix(), file, ADMIN_KEY_ENV);
        } catch (IOException e) {
            LOG.error("Generated the platform admin key (prefix {}) but could not write it to {}: {}. Set {} and restart "
                    + "to replace it.", key.prefix(), directory.resolve(AdminKeyFile.NAME), e.getMessage(), ADMIN_KEY_ENV);
        }
    }

    private static ApiKeyEntity adminRow(String id, String prefix, String hash) {
        return new ApiKeyEntity(id, null, null, "platform admin", EnumSet.of(Role.PLATFORM_ADMIN), prefix, hash,
                Persistence.now(), null, null);
    }

    /** {@code baseplate.data.dir} as the launcher sets it; else (an embedding that sets none) this bundle's data area. */
    private static Path adminKeyDirectory(BundleContext context) {
        String dataDir = context.getProperty(DATA_DIR_PROPERTY);
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        return context.getDataFile("").toPath();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static Tenant toTenant(TenantEntity entity) {
        return new Tenant(entity.getId(), entity.getName(), entity.getStatus(), entity.getCreatedAt());
    }

    private static KeyView toView(ApiKeyEntity key) {
        return new KeyView(key.getId(), key.getKeyPrefix(), key.getName(), key.getRoles(), key.getUserId(), key.getCreatedAt(),
                key.getLastUsedAt(), key.getExpiresAt(), key.getRevokedAt(), key.getRotatedFrom());
    }

    private static User toUser(UserEntity user) {
        return new User(user.getId(), user.getName(), user.getRoles(), user.getCreatedAt());
    }
}
