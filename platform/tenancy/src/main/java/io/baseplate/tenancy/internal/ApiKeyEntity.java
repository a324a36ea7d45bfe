package io.baseplate.tenancy.internal;

import java.time.Instant;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;
import io.baseplate.api.security.Role;

/**
 * An API key, stored only as the SHA-256 of the key; the key itself is shown once at creation. Platform
 * data, not tenant-owned: a key is looked up by its hash before its tenant is known.
 */
@Entity
@PlatformData
@Table(name = "API_KEYS")
@NamedQuery(name = ApiKeyEntity.BY_HASH, query = "SELECT k FROM ApiKeyEntity k WHERE k.keyHash = :hash")
@NamedQuery(name = ApiKeyEntity.BY_ROLE, query = "SELECT k FROM ApiKeyEntity k WHERE k.role = :role")
@NamedQuery(name = ApiKeyEntity.BY_TENANT, query = "SELECT k FROM ApiKeyEntity k WHERE k.tenantId = :tenant "
        + "ORDER BY k.createdAt, k.id")
@NamedQuery(name = ApiKeyEntity.BY_USER, query = "SELECT k FROM ApiKeyEntity k WHERE k.tenantId = :tenant "
        + "AND k.userId = :user")
@NamedQuery(name = ApiKeyEntity.DELETE_BY_TENANT, query = "DELETE FROM ApiKeyEntity k WHERE k.tenantId = :tenant")
@NamedQuery(name = ApiKeyEntity.TOUCH, query = "UPDATE ApiKeyEntity k SET k.lastUsedAt = :at WHERE k.id = :id "
        + "AND (k.lastUsedAt IS NULL OR k.lastUsedAt < :at)")
public class ApiKeyEntity {

    static final String BY_HASH = "ApiKey.byHash";
    static final String BY_ROLE = "ApiKey.byRole";
    static final String BY_TENANT = "ApiKey.byTenant";
    static final String BY_USER = "ApiKey.byUser";
    static final String DELETE_BY_TENANT = "ApiKey.deleteByTenant";
    static final String TOUCH = "ApiKey.touch";

    @Id
    @Column(name = "ID")
    private String id;

    /** Null for the platform admin key. */
    @Column(name = "TENANT_ID")
    private String tenantId;

    /** Null for the tenant's service account and the platform admin key. */
    @Column(name = "USER_ID")
    private String userId;

    @Column(name = "NAME")
    private String name;

    /** The main role (kept from before role sets); PLATFORM_ADMIN marks the admin key. */
    @Enumerated(EnumType.STRING)
    @Column(name = "ROLE", nullable = false)
    private Role role;

    @Column(name = "ROLES", nullable = false)
    private String roles;

    @Column(name = "KEY_PREFIX", nullable = false)
    private String keyPrefix;

    @Column(name = "KEY_HASH", nullable = false)
    private String keyHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "EXPIRES_AT")
    private Instant expiresAt;

    @Column(name = "REVOKED_AT")
    private Instant revokedAt;

    @Column(name = "LAST_USED_AT")
    private Instant lastUsedAt;

    /** The key this one replaced by a rotation. */
    @Column(name = "ROTATED_FROM")
    private String rotatedFrom;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, String tenantId, String userId, String name, Set<Role> roles, String keyPrefix,
                 String keyHash, Instant createdAt, Instant expiresAt, String rotatedFrom) {
        this.id = id;
        this.tenantId = tenantId;
        this.userId = userId;
        this.name = name;
        this.role = Roles.main(roles);
        this.roles = Roles.format(roles);
        this.keyPrefix = keyPrefix;
        this.keyHash = keyHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.rotatedFrom = rotatedFrom;
    }

    public String getId() {
        return id;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public Role getRole() {
        return role;
    }

    public Set<Role> getRoles() {
        return Roles.parse(roles);
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public String getKeyHash() {
        return keyHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public String getRotatedFrom() {
        return rotatedFrom;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    /** Brings the expiry forward to {@code at}, never later than it already was. */
    void expireBy(Instant at) {
        if (expiresAt == null || expiresAt.isAfter(at)) {
            expiresAt = at;
        }
    }
}
